"""The paste from Word and WPS in the article's editor: its script, added to the articles'
admin by the site (website/admin.py)."""

from django import forms


class WordPasteAdminMixin:
    @property
    def media(self):
        return super().media + forms.Media(js=["wordpaste/wordpaste.js"])
