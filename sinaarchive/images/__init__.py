"""Every image an archived post shows, kept in the archive: download, checks, naming, catalog rows and links.

``pipeline.ImagePipeline`` downloads; ``check`` decides what may be stored and names it; ``catalog`` keeps the
``images`` and ``images_used`` tables; ``links`` rewrites posts for ``SINAARCHIVE_IMAGE_LINKS=local``;
``maintenance`` adds the image lines of ``verify``, ``stats`` and ``rebuild``.
"""
