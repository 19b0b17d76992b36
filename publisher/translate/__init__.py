"""Translators' files: chapters out as XLIFF 1.2 or PO, back in without loss, stale to the paragraph.

On the text stage's floor (it uses ``load`` and ``text``, never the pipeline): ``blocks`` cuts a
chapter by markdown-it's source lines, ``codes`` finds the inline codes, ``align`` matches
baseline, translation and source, ``units`` gives each chapter as units, ``xliff`` and ``po``
write and read the files, ``export`` and ``importer`` are what ``publisher translate`` calls.
"""
