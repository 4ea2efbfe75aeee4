-- 0001 initial schema: regions, parks, spaces, enterprises, admission, users, audit (SQLite)
CREATE TABLE "AuditEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditEntries" PRIMARY KEY AUTOINCREMENT,
    "At" TEXT NOT NULL,
    "ActorId" INTEGER NULL,
    "ActorName" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Entity" TEXT NOT NULL,
    "EntityKey" TEXT NOT NULL,
    "ParkId" INTEGER NULL,
    "Before" text NULL,
    "After" text NULL,
    "Source" TEXT NULL
);


CREATE TABLE "Regions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Regions" PRIMARY KEY AUTOINCREMENT,
    "ParentId" INTEGER NULL,
    "Name" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    "Level" TEXT NOT NULL
);


CREATE TABLE "Users" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Users" PRIMARY KEY AUTOINCREMENT,
    "UserName" TEXT NOT NULL,
    "DisplayName" TEXT NOT NULL,
    "PasswordHash" TEXT NOT NULL,
    "IsActive" INTEGER NOT NULL,
    "FailedLogins" INTEGER NOT NULL,
    "LockoutEndUtc" TEXT NULL,
    "CreatedAt" TEXT NOT NULL
);


CREATE TABLE "Parks" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Parks" PRIMARY KEY AUTOINCREMENT,
    "RegionId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    "Address" TEXT NULL,
    "LandMu" TEXT NOT NULL,
    "LeadingIndustry" TEXT NULL,
    "LeadingIndustryPrefixes" TEXT NOT NULL,
    "ChainStages" TEXT NOT NULL,
    "NegativeList" TEXT NOT NULL,
    "CrowdedStageCount" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Parks_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Buildings" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Buildings" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "LandMu" TEXT NOT NULL,
    "FloorAreaSqm" TEXT NOT NULL,
    "FloorCount" INTEGER NOT NULL,
    "Structure" TEXT NULL,
    CONSTRAINT "FK_Buildings_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Enterprises" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Enterprises" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "CreditCode" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "LegalPerson" TEXT NULL,
    "IndustryCode" TEXT NOT NULL,
    "ChainStages" TEXT NOT NULL,
    "EstablishedOn" TEXT NULL,
    "SizeClass" TEXT NOT NULL,
    "Tags" TEXT NOT NULL,
    "IsChainLeader" INTEGER NOT NULL,
    "Employees" INTEGER NULL,
    "ContactName" TEXT NULL,
    "ContactPhone" TEXT NULL,
    "ContactEmail" TEXT NULL,
    "Description" TEXT NULL,
    "Status" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_Enterprises_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Floors" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Floors" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "BuildingId" INTEGER NOT NULL,
    "Number" INTEGER NOT NULL,
    "AreaSqm" TEXT NOT NULL,
    "LoadTonsPerSqm" TEXT NOT NULL,
    CONSTRAINT "FK_Floors_Buildings_BuildingId" FOREIGN KEY ("BuildingId") REFERENCES "Buildings" ("Id") ON DELETE CASCADE
);


CREATE TABLE "AdmissionDecisions" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AdmissionDecisions" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Suggested" TEXT NOT NULL,
    "Outcome" TEXT NOT NULL,
    "ReasonsJson" TEXT NOT NULL,
    "Comment" TEXT NULL,
    "DecidedBy" TEXT NOT NULL,
    "DecidedAt" TEXT NOT NULL,
    CONSTRAINT "FK_AdmissionDecisions_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE CASCADE
);


CREATE TABLE "EnterpriseDocuments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_EnterpriseDocuments" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Number" TEXT NULL,
    "ExpiresOn" TEXT NULL,
    "AddedAt" TEXT NOT NULL,
    CONSTRAINT "FK_EnterpriseDocuments_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE CASCADE
);


CREATE TABLE "ExitCases" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ExitCases" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Reason" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Notes" TEXT NULL,
    "Settlement" TEXT NULL,
    "OpenedAt" TEXT NOT NULL,
    "ClosedAt" TEXT NULL,
    CONSTRAINT "FK_ExitCases_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE CASCADE
);


CREATE TABLE "RoleGrants" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_RoleGrants" PRIMARY KEY AUTOINCREMENT,
    "UserId" INTEGER NOT NULL,
    "Role" TEXT NOT NULL,
    "ParkId" INTEGER NULL,
    "EnterpriseId" INTEGER NULL,
    "RegionId" INTEGER NULL,
    CONSTRAINT "FK_RoleGrants_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_RoleGrants_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_RoleGrants_Regions_RegionId" FOREIGN KEY ("RegionId") REFERENCES "Regions" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_RoleGrants_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Units" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Units" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "BuildingId" INTEGER NOT NULL,
    "FloorId" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "AreaSqm" TEXT NOT NULL,
    "Use" TEXT NOT NULL,
    "LoadTonsPerSqm" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "OccupantEnterpriseId" INTEGER NULL,
    CONSTRAINT "FK_Units_Buildings_BuildingId" FOREIGN KEY ("BuildingId") REFERENCES "Buildings" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Units_Enterprises_OccupantEnterpriseId" FOREIGN KEY ("OccupantEnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE SET NULL,
    CONSTRAINT "FK_Units_Floors_FloorId" FOREIGN KEY ("FloorId") REFERENCES "Floors" ("Id") ON DELETE RESTRICT
);


CREATE INDEX "IX_AdmissionDecisions_EnterpriseId" ON "AdmissionDecisions" ("EnterpriseId");


CREATE INDEX "IX_AuditEntries_At" ON "AuditEntries" ("At");


CREATE INDEX "IX_AuditEntries_Entity_EntityKey" ON "AuditEntries" ("Entity", "EntityKey");


CREATE UNIQUE INDEX "IX_Buildings_ParkId_Name" ON "Buildings" ("ParkId", "Name");


CREATE INDEX "IX_EnterpriseDocuments_EnterpriseId" ON "EnterpriseDocuments" ("EnterpriseId");


CREATE UNIQUE INDEX "IX_Enterprises_ParkId_CreditCode" ON "Enterprises" ("ParkId", "CreditCode");


CREATE INDEX "IX_Enterprises_ParkId_Name" ON "Enterprises" ("ParkId", "Name");


CREATE INDEX "IX_ExitCases_EnterpriseId" ON "ExitCases" ("EnterpriseId");


CREATE UNIQUE INDEX "IX_Floors_BuildingId_Number" ON "Floors" ("BuildingId", "Number");


CREATE UNIQUE INDEX "IX_Parks_Code" ON "Parks" ("Code");


CREATE INDEX "IX_Parks_RegionId" ON "Parks" ("RegionId");


CREATE UNIQUE INDEX "IX_Regions_Code" ON "Regions" ("Code");


CREATE INDEX "IX_RoleGrants_EnterpriseId" ON "RoleGrants" ("EnterpriseId");


CREATE INDEX "IX_RoleGrants_ParkId" ON "RoleGrants" ("ParkId");


CREATE INDEX "IX_RoleGrants_RegionId" ON "RoleGrants" ("RegionId");


CREATE INDEX "IX_RoleGrants_UserId" ON "RoleGrants" ("UserId");


CREATE INDEX "IX_Units_BuildingId" ON "Units" ("BuildingId");


CREATE INDEX "IX_Units_FloorId" ON "Units" ("FloorId");


CREATE INDEX "IX_Units_OccupantEnterpriseId" ON "Units" ("OccupantEnterpriseId");


CREATE UNIQUE INDEX "IX_Units_ParkId_Code" ON "Units" ("ParkId", "Code");


CREATE UNIQUE INDEX "IX_Users_UserName" ON "Users" ("UserName");



