"""People's pages: the volunteer profile and the person's own data (download, deletion)."""
