-- 0012 the reading inbox is SQLite only (see its 0012): PostgreSQL writes MeterReadings directly by binary COPY
SELECT 1;
