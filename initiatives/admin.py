from initiatives import admin_governance  # noqa: F401  governance (issue 11)
