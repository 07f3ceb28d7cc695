"""The one error every importer raises for input it cannot open."""


class ImportFailure(Exception):
    """The file cannot be opened as an article.

    ``str(error)`` is a complete sentence for the reader: what is wrong and what to
    do about it. It never contains a traceback.
    """
