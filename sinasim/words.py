"""Word lists the synthetic site draws its headlines, bodies and bylines from.

Everything here is GBK-encodable on purpose: ``blk`` pages are served as GBK bytes (as pre-2014 Sina pages
were), and a character GBK cannot hold would turn into ``?`` or a character reference and break the "text is
known from the model" promise. ``tests/test_simulator.py`` checks this.
"""

from __future__ import annotations

# Source media: ``media_name`` / ``article:author`` (real pages name 环球市场播报, 新京报, 新浪财经-自媒体综合).
MEDIA = (
    "环球市场播报",
    "新京报",
    "新浪财经",
    "证券时报",
    "中国证券报",
    "上海证券报",
    "第一财经",
    "21世纪经济报道",
    "经济观察报",
    "澎湃新闻",
    "财联社",
    "新华社",
    "中国基金报",
    "每日经济新闻",
    "新浪财经-自媒体综合",
)

EDITOR_NAMES = ("郭明煜", "支全明", "陈琰", "刘万里", "王永生", "李铁民", "张俊", "杨赐", "宋雅芳", "赵思远")
# Work codes as in the samples: "支全明 SF099" (2016), "陈琰 SN225" (news, 2024).
EDITOR_CODES = ("SF099", "SF183", "SF065", "SN225", "SF007", "SF113")

ORGS = (
    "工信部",
    "国家统计局",
    "央行",
    "证监会",
    "财政部",
    "国家发改委",
    "商务部",
    "国家金融监督管理总局",
    "外汇局",
    "国务院国资委",
    "上交所",
    "深交所",
    "海关总署",
)
INSTITUTIONS = ("高盛", "摩根士丹利", "德意志银行", "中金公司", "中信证券", "瑞银", "花旗", "野村", "华泰证券")
TOPICS = (
    "“十四五”规划",
    "稳增长政策",
    "房地产市场",
    "消费复苏",
    "科技创新",
    "制造业投资",
    "人民币汇率",
    "绿色金融",
    "数字经济",
    "资本市场改革",
    "跨境资金流动",
    "新能源汽车",
    "存储芯片",
    "人工智能",
    "大宗商品",
)
COMMODITIES = ("铜价", "金价", "油价", "铁矿石价格", "猪肉价格", "锂价", "大豆价格")
DIRECTIONS_UP = ("上涨", "大涨", "走高", "攀升", "反弹")
DIRECTIONS_DOWN = ("下跌", "大跌", "走低", "回落", "下挫")
DOCUMENTS = (
    "关于推动高质量发展的若干意见",
    "金融稳定报告",
    "货币政策执行报告",
    "外商投资准入负面清单",
    "政府工作报告",
    "上市公司监管指引",
)
TAGS = ("金融改革", "离岸人民币", "货币政策", "A股", "美股", "港股", "汇率", "通胀", "财报", "并购", "降准", "IPO")

# Stock keywords the CMS links in bodies: A-share codes with market prefix, US tickers bare.
A_SHARES = (
    ("sh600000", "浦发银行"),
    ("sh600519", "贵州茅台"),
    ("sh601318", "中国平安"),
    ("sh601857", "中国石油"),
    ("sz000651", "格力电器"),
    ("sz300036", "超图软件"),
    ("sz300053", "航宇微"),
    ("sz000002", "万科A"),
    ("sh603883", "老百姓"),
    ("sz300750", "宁德时代"),
)
US_STOCKS = (
    ("MU", "美光"),
    ("AMD", "AMD"),
    ("INTC", "英特尔"),
    ("MSFT", "微软"),
    ("AMZN", "亚马逊"),
    ("JPM", "摩根大通"),
    ("SNDK", "闪迪"),
    ("NVDA", "英伟达"),
    ("AAPL", "苹果"),
    ("TSLA", "特斯拉"),
)

# Headline patterns. Placeholders are filled from the lists above; the patterns cover the punctuation real Sina
# headlines carry: “”、：、%、《》 and ASCII quotes.
HEADLINES = (
    "{org}：{topic}相关政策将在下半年陆续出台",
    "{org}：前{month}个月{topic}保持稳中向好态势",
    "{inst}：供应短缺或令{commodity}半年内{up}超过{pct}%",
    "财报前夕，{company}“超级多头”重申{price}美元目标价",
    "{org}发布《{document}》，涉及{topic}等{n}方面",
    "{company}股价{down}{pct}%，市值一夜蒸发{n}亿元",
    "{inst}上调{company}目标价至{price}元，维持“买入”评级",
    "{topic}迎来新变化：{org}释放重要信号",
    '{company}回应"{topic}"传闻：目前经营一切正常',
    "{n}部门联合印发通知 进一步推动{topic}",
    "{commodity}{up}{pct}%，{inst}称{topic}仍有支撑",
    "{org}新闻发言人就{topic}答记者问",
)

SENTENCES = (
    "{org}有关负责人表示，{topic}总体平稳，下一步将继续加大政策支持力度。",
    "数据显示，前{month}个月全国规模以上工业增加值同比增长{pct}%，较上月加快{small}个百分点。",
    "{inst}分析师在最新报告中指出，{commodity}未来六个月可能{up}约{pct}%。",
    "业内人士认为，{topic}的影响仍需观察，市场情绪短期内可能出现波动。",
    "截至发稿，{company}报{price}元，全天成交额{n}亿元。",
    "{inst}预计，{topic}将在未来两年持续带动相关产业链需求。",
    "“我们对{topic}保持谨慎乐观。”一位不愿具名的基金经理对记者表示。",
    "公告显示，{company}今年上半年实现营业收入{n}亿元，同比增长{pct}%。",
    "受此消息影响，{company}盘中一度{down}{small}%，随后跌幅收窄。",
    "{org}此前发布的《{document}》明确提出，要稳步推进{topic}。",
    '市场人士指出，"{topic}"概念近期持续升温，但投资者仍需警惕估值风险。',
    "分析人士表示，{commodity}走势仍将受到美元汇率和全球需求的双重影响。",
)

UPDATE_SENTENCES = (
    "{org}最新回应称，相关情况正在进一步核实中。",
    "截至最新消息，{company}已就此事发布澄清公告。",
    "记者从{org}获悉，相关细则预计将于近期公布。",
)

# Image captions: on real pages the caption is often empty.
CAPTIONS = ("", "", "", "资料图", "图片来源：视觉中国", "{company}总部大楼（资料图）", "{commodity}近一年走势")
