-- 0025 a risk alert's evidence is as long as its suppliers list: text, as the model has it (0020 made it varchar(400) on
-- PostgreSQL, and an order drop with many suppliers failed the park's run).
ALTER TABLE "RiskAlerts" ALTER COLUMN "EvidenceJson" TYPE text;
