-- 0025 widens RiskAlerts.EvidenceJson on PostgreSQL (see its 0025); SQLite's TEXT has no length: nothing to change
SELECT 1;
