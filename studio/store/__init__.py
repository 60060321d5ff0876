"""Storage: the SQLite history database and the content-addressed image folder. No Qt.

:class:`~studio.store.database.Database` owns the connection and the schema;
``ConversationStore``, ``MessageStore``, ``GalleryStore``, ``EditStore`` and ``ImageStore`` are
thin typed layers over it, each built with the same ``Database`` by the composition root.
"""
