"""lib1ref-bot: a Wikimedia bot for the #1Lib1Ref campaign.

Importing this package does nothing: no config, no network, no pywikibot.
"""

__version__ = "0.1.0"
