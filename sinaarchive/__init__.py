"""sinaarchive: archive Sina Finance (新浪财经) news as Hexo posts with Scrapy."""
