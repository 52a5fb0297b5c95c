"""Identity's human messages: the gettext catalog of the `identity` domain (Indonesian first, English).

Translators edit locale/{id,en}/LC_MESSAGES/identity.po; a key is the msgid and also the machine
readable reason of an error. servicekit's common messages are the parent: a key defined there
cannot be defined here again.
"""

from servicekit import i18n

CATALOG = i18n.Catalog.from_po("identity", "gorontalo_identity", parent=i18n.COMMON)
translate = CATALOG.translate
