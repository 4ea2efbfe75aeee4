-- 0006 service desk: tickets, their timeline and photos, SLA policies, per-unit QR links (Sqlite)

CREATE TABLE "SlaPolicies" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_SlaPolicies" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Category" TEXT NOT NULL,
    "Severity" TEXT NOT NULL,
    "ResponseMinutes" INTEGER NOT NULL,
    "ResolutionMinutes" INTEGER NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_SlaPolicies_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE
);

CREATE TABLE "Tickets" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Tickets" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NULL,
    "Kind" TEXT NOT NULL,
    "Source" TEXT NOT NULL,
    "Category" TEXT NOT NULL,
    "Severity" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "UnitId" INTEGER NULL,
    "CommonArea" TEXT NULL,
    "Title" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "RequesterUserId" INTEGER NULL,
    "RequesterName" TEXT NOT NULL,
    "RequesterPhone" TEXT NULL,
    "AssigneeUserId" INTEGER NULL,
    "EscalationLevel" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "ResponseDueAt" TEXT NOT NULL,
    "ResolutionDueAt" TEXT NOT NULL,
    "RespondedAt" TEXT NULL,
    "ResolvedAt" TEXT NULL,
    "ClosedAt" TEXT NULL,
    "ResponseBreachedAt" TEXT NULL,
    "ResolutionBreachedAt" TEXT NULL,
    "SignedBy" TEXT NULL,
    "SignedAt" TEXT NULL,
    "Rating" INTEGER NULL,
    "RatingComment" TEXT NULL,
    "RatedAt" TEXT NULL,
    "SourceTicketId" INTEGER NULL,
    "WorkOrderId" INTEGER NULL,
    CONSTRAINT "FK_Tickets_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tickets_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Tickets_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "UnitQrCodes" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UnitQrCodes" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "UnitId" INTEGER NOT NULL,
    "Token" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_UnitQrCodes_Units_UnitId" FOREIGN KEY ("UnitId") REFERENCES "Units" ("Id") ON DELETE CASCADE
);

CREATE TABLE "TicketEvents" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TicketEvents" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "TicketId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "ActorUserId" INTEGER NULL,
    "ActorName" TEXT NOT NULL,
    "Body" TEXT NULL,
    "FromState" TEXT NULL,
    "ToState" TEXT NULL,
    CONSTRAINT "FK_TicketEvents_Tickets_TicketId" FOREIGN KEY ("TicketId") REFERENCES "Tickets" ("Id") ON DELETE CASCADE
);

CREATE TABLE "TicketPhotos" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_TicketPhotos" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "TicketId" INTEGER NOT NULL,
    "EventId" INTEGER NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "Data" BLOB NOT NULL,
    "UploadedAt" TEXT NOT NULL,
    "UploadedBy" TEXT NOT NULL,
    CONSTRAINT "FK_TicketPhotos_Tickets_TicketId" FOREIGN KEY ("TicketId") REFERENCES "Tickets" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_SlaPolicies_ParkId_Category_Severity" ON "SlaPolicies" ("ParkId", "Category", "Severity");

CREATE INDEX "IX_TicketEvents_TicketId" ON "TicketEvents" ("TicketId");

CREATE INDEX "IX_TicketPhotos_TicketId" ON "TicketPhotos" ("TicketId");

CREATE INDEX "IX_Tickets_AssigneeUserId" ON "Tickets" ("AssigneeUserId");

CREATE INDEX "IX_Tickets_EnterpriseId" ON "Tickets" ("EnterpriseId");

CREATE INDEX "IX_Tickets_ParkId_State" ON "Tickets" ("ParkId", "State");

CREATE INDEX "IX_Tickets_UnitId" ON "Tickets" ("UnitId");

CREATE UNIQUE INDEX "IX_UnitQrCodes_Token" ON "UnitQrCodes" ("Token");

CREATE UNIQUE INDEX "IX_UnitQrCodes_UnitId" ON "UnitQrCodes" ("UnitId");
