-- 0012 the write path of meter readings:
-- a time-ordered inbox for new readings (see Features/Metering/ReadingInbox.cs): a gateway's batch is appended here
-- instead of touching one leaf page of IX_MeterReadings_MeterId_At per meter, and merged into MeterReadings many
-- batches at a time
CREATE TABLE "MeterReadingInbox" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_MeterReadingInbox" PRIMARY KEY,
    "ParkId" INTEGER NOT NULL,
    "MeterId" INTEGER NOT NULL,
    "At" TEXT NOT NULL,
    "Value" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "RecordedAt" TEXT NOT NULL
);

CREATE UNIQUE INDEX "IX_MeterReadingInbox_At_MeterId" ON "MeterReadingInbox" ("At", "MeterId");

-- a park's readings of a month are found through its meters and (MeterId, At): one index fewer to write per reading
DROP INDEX "IX_MeterReadings_ParkId_At";
