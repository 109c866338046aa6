from tests.governance.conftest import media  # noqa: F401  (story pictures of the demo)
