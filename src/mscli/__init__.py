"""mscli: 重点民生实事 data, progress and quarterly circulars from version-controlled YAML."""

__version__ = "0.1.0"
