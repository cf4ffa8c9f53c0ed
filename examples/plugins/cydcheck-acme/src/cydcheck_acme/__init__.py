"""cydcheck-acme: an example cydcheck plugin — a check kind (``acronyms_defined``), a rule pack (``acme``) and a
report format (``acme-checklist``). The hooks are in :mod:`cydcheck_acme.plugin`."""

__version__ = "0.1.0"
