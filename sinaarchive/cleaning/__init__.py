"""Cleaning article bodies: rules as data (``rules``) applied by one pure function (``html``)."""
