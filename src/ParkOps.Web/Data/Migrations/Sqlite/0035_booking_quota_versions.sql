-- 0035 issue 15 §5: the free monthly booking hours as a park setting with versions (Sqlite)

CREATE TABLE "BookingQuotaVersions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_BookingQuotaVersions" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EffectiveFrom" TEXT NOT NULL,
    "StartupLabHours" TEXT NOT NULL,
    "StartupMeetingHours" TEXT NOT NULL,
    "EstablishedLabHours" TEXT NOT NULL,
    "EstablishedMeetingHours" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_BookingQuotaVersions_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);
CREATE UNIQUE INDEX "IX_BookingQuotaVersions_ParkId_EffectiveFrom" ON "BookingQuotaVersions" ("ParkId", "EffectiveFrom");
