-- 0007 booking: shared resources, training records, bookings, waitlist, calendar feeds
CREATE TABLE "Resources" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Resources" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Location" TEXT NOT NULL,
    "Description" TEXT NULL,
    "Capacity" INTEGER NOT NULL,
    "Opens" TEXT NOT NULL,
    "Closes" TEXT NOT NULL,
    "OpenOnWeekends" INTEGER NOT NULL,
    "HourlyRate" TEXT NOT NULL,
    "MinMinutes" INTEGER NOT NULL,
    "MaxMinutes" INTEGER NOT NULL,
    "BufferMinutes" INTEGER NOT NULL,
    "HorizonDays" INTEGER NOT NULL,
    "CancelNoticeHours" INTEGER NOT NULL,
    "RequiresApproval" INTEGER NOT NULL,
    "RequiredQualification" TEXT NULL,
    "QuotaGroup" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Resources_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "TrainingRecords" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TrainingRecords" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "UserId" INTEGER NOT NULL,
    "Qualification" TEXT NOT NULL,
    "ValidFrom" TEXT NOT NULL,
    "ValidUntil" TEXT NOT NULL,
    "IssuedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_TrainingRecords_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_TrainingRecords_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Bookings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Bookings" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "ResourceId" INTEGER NOT NULL,
    "UserId" INTEGER NOT NULL,
    "Start" TEXT NOT NULL,
    "End" TEXT NOT NULL,
    "BlockedUntil" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Live" INTEGER NOT NULL,
    "SeriesId" INTEGER NULL,
    "ActualStart" TEXT NULL,
    "ActualEnd" TEXT NULL,
    "BilledHours" TEXT NULL,
    "FreeHours" TEXT NULL,
    "Amount" TEXT NULL,
    "DecidedBy" TEXT NULL,
    "DecidedAt" TEXT NULL,
    "Note" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Bookings_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Bookings_Resources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "Resources" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "WaitlistEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_WaitlistEntries" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "ResourceId" INTEGER NOT NULL,
    "UserId" INTEGER NOT NULL,
    "Start" TEXT NOT NULL,
    "End" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "OfferedAt" TEXT NULL,
    "BookingId" INTEGER NULL,
    CONSTRAINT "FK_WaitlistEntries_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_WaitlistEntries_Resources_ResourceId" FOREIGN KEY ("ResourceId") REFERENCES "Resources" ("Id") ON DELETE CASCADE
);

CREATE TABLE "CalendarFeeds" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_CalendarFeeds" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "Token" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_CalendarFeeds_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_Resources_ParkId_Code" ON "Resources" ("ParkId", "Code");
CREATE INDEX "IX_TrainingRecords_EnterpriseId" ON "TrainingRecords" ("EnterpriseId");
CREATE INDEX "IX_TrainingRecords_UserId_Qualification" ON "TrainingRecords" ("UserId", "Qualification");
CREATE INDEX "EX_Bookings_NoOverlap" ON "Bookings" ("ResourceId");
CREATE INDEX "IX_Bookings_EnterpriseId_Start" ON "Bookings" ("EnterpriseId", "Start");
CREATE INDEX "IX_Bookings_ParkId_State" ON "Bookings" ("ParkId", "State");
CREATE INDEX "IX_Bookings_ResourceId_Start" ON "Bookings" ("ResourceId", "Start");
CREATE INDEX "IX_WaitlistEntries_EnterpriseId" ON "WaitlistEntries" ("EnterpriseId");
CREATE INDEX "IX_WaitlistEntries_ResourceId_State_CreatedAt" ON "WaitlistEntries" ("ResourceId", "State", "CreatedAt");
CREATE UNIQUE INDEX "IX_CalendarFeeds_Token" ON "CalendarFeeds" ("Token");
CREATE UNIQUE INDEX "IX_CalendarFeeds_UserId" ON "CalendarFeeds" ("UserId");
-- SQLite has no exclusion constraint: bookings are written in a serialised (BEGIN IMMEDIATE) transaction that checks first.
