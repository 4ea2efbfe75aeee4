-- 0011 booking ids from a sequence in blocks is PostgreSQL only (see its 0011); SQLite keeps its rowid: nothing to change
SELECT 1;
