-- 0031 one notification inbox (issue 13 §3): a notice is addressed to an enterprise, a park's operators or one user;
-- read state per user (NotificationReads); an outbox row per channel (NotificationDeliveries). The enterprise notices
-- so far are kept: audience Enterprise, their single argument as a one-element JSON array, and "read" carried over to
-- every user of the enterprise. They get no outbox rows (they were shown in the console; a sender starting now must
-- not mail out history). (Sqlite: the table is rebuilt to change its columns)

ALTER TABLE "Notifications" RENAME TO "Notifications_0030";

CREATE TABLE "Notifications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Notifications" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Audience" TEXT NOT NULL,
    "EnterpriseId" INTEGER NULL,
    "UserId" INTEGER NULL,
    "Kind" TEXT NOT NULL,
    "Arguments" TEXT NOT NULL,
    "Link" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "DedupeKey" TEXT NULL
);

INSERT INTO "Notifications" ("Id", "ParkId", "Audience", "EnterpriseId", "UserId", "Kind", "Arguments", "Link", "CreatedAt", "DedupeKey")
SELECT "Id", "ParkId", 'Enterprise', "EnterpriseId", NULL, "Kind", json_array("Arguments"), "Link", "CreatedAt", NULL FROM "Notifications_0030";

CREATE TABLE "NotificationReads" (
    "NotificationId" INTEGER NOT NULL,
    "UserId" INTEGER NOT NULL,
    "ReadAt" TEXT NOT NULL,
    CONSTRAINT "PK_NotificationReads" PRIMARY KEY ("NotificationId", "UserId"),
    CONSTRAINT "FK_NotificationReads_Notifications_NotificationId" FOREIGN KEY ("NotificationId") REFERENCES "Notifications" ("Id") ON DELETE CASCADE
);

INSERT INTO "NotificationReads" ("NotificationId", "UserId", "ReadAt")
SELECT DISTINCT n."Id", g."UserId", n."ReadAt" FROM "Notifications_0030" n
JOIN "RoleGrants" g ON g."EnterpriseId" = n."EnterpriseId" AND g."Role" = 'EnterpriseUser'
WHERE n."ReadAt" IS NOT NULL;

DROP TABLE "Notifications_0030";

CREATE TABLE "NotificationDeliveries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_NotificationDeliveries" PRIMARY KEY AUTOINCREMENT,
    "NotificationId" INTEGER NOT NULL,
    "Channel" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "NextAttemptAt" TEXT NOT NULL,
    "SentAt" TEXT NULL,
    "LastError" TEXT NULL,
    CONSTRAINT "FK_NotificationDeliveries_Notifications_NotificationId" FOREIGN KEY ("NotificationId") REFERENCES "Notifications" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_Notifications_EnterpriseId_CreatedAt" ON "Notifications" ("EnterpriseId", "CreatedAt");

CREATE INDEX "IX_Notifications_ParkId_Audience_CreatedAt" ON "Notifications" ("ParkId", "Audience", "CreatedAt");

CREATE INDEX "IX_Notifications_UserId_CreatedAt" ON "Notifications" ("UserId", "CreatedAt");

CREATE UNIQUE INDEX "IX_Notifications_DedupeKey" ON "Notifications" ("DedupeKey");

CREATE INDEX "IX_NotificationReads_UserId" ON "NotificationReads" ("UserId");

CREATE UNIQUE INDEX "IX_NotificationDeliveries_NotificationId_Channel" ON "NotificationDeliveries" ("NotificationId", "Channel");

CREATE INDEX "IX_NotificationDeliveries_Channel_State_NextAttemptAt" ON "NotificationDeliveries" ("Channel", "State", "NextAttemptAt");
