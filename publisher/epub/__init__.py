"""The e-book: an EPUB 3.3 edition of each document-language, reflowable, accessible (EPUB
Accessibility 1.1, WCAG 2.2 AA) and carrying the printed book's page numbers.

* :mod:`publisher.epub.xhtml` — HTML made by the templates and the Markdown renderer, as XHTML;
* :mod:`publisher.epub.book` — the book's parts (content documents, nav, package, files) as
  plain data, made from the edition model in the main process (:class:`EpubBook`);
* :mod:`publisher.epub.pagelist` — the print edition's page breaks placed in the text, and the
  nav's page list (in the worker, from the layout's :class:`publisher.pages.PageStart`\\ s);
* :mod:`publisher.epub.package` — the zip: ``mimetype`` first and stored, fixed order and dates.
"""
