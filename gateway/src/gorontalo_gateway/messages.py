"""The gateway's human texts (Indonesian first, English), shared by the Flask gateway and the
stream server; kept free of Flask so the asyncio stream process can load them.

Translators edit `locale/{id,en}/LC_MESSAGES/gateway.po` (msgid: the reason code; msgstr: the text).
servicekit's common messages are the parent catalog: a key defined there cannot be defined here.
"""

from servicekit import i18n

CATALOG = i18n.Catalog.from_po("gateway", "gorontalo_gateway", parent=i18n.COMMON)
translate = CATALOG.translate
