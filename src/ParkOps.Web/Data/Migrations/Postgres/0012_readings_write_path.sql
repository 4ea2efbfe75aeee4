-- 0012 the write path of meter readings. The reading inbox is SQLite only (see its 0012): PostgreSQL writes
-- MeterReadings directly by binary COPY. A park's readings of a month are found through its meters and
-- (MeterId, At): one index fewer to write per reading.
DROP INDEX "IX_MeterReadings_ParkId_At";
