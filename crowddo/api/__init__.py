"""The partner REST API at /api/v1/: authentication, permissions and conventions shared by all
endpoints. Endpoints live in `<app>/api.py`; this package only holds the plumbing."""
