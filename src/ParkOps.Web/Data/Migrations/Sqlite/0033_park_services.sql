-- 0033: the operator's paid services (issue 15 §8): price list with versioned prices, orders, the service-share target
CREATE TABLE "ParkServices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ParkServices" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Category" TEXT NOT NULL,
    "Unit" TEXT NOT NULL,
    "Description" TEXT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_ParkServices_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ServiceSettings" (
    "ParkId" INTEGER NOT NULL CONSTRAINT "PK_ServiceSettings" PRIMARY KEY,
    "TargetPercent" TEXT NOT NULL,
    "SetBy" TEXT NOT NULL,
    "SetAt" TEXT NOT NULL,
    CONSTRAINT "FK_ServiceSettings_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ServiceOrders" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ServiceOrders" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "ServiceId" INTEGER NOT NULL,
    "ServiceName" TEXT NOT NULL,
    "Unit" TEXT NOT NULL,
    "Quantity" TEXT NOT NULL,
    "UnitPrice" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "OrderedOn" TEXT NOT NULL,
    "Note" TEXT NULL,
    "State" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "ByOperator" INTEGER NOT NULL,
    "OrderedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ActedBy" TEXT NULL,
    "ActedAt" TEXT NULL,
    "FulfilledOn" TEXT NULL,
    "ChargeMonth" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_ServiceOrders_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ServiceOrders_ParkServices_ServiceId" FOREIGN KEY ("ServiceId") REFERENCES "ParkServices" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_ServiceOrders_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "ServicePrices" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ServicePrices" PRIMARY KEY AUTOINCREMENT,
    "ServiceId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EffectiveFrom" TEXT NOT NULL,
    "UnitPrice" TEXT NOT NULL,
    "SetBy" TEXT NOT NULL,
    "SetAt" TEXT NOT NULL,
    CONSTRAINT "FK_ServicePrices_ParkServices_ServiceId" FOREIGN KEY ("ServiceId") REFERENCES "ParkServices" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_ParkServices_ParkId_Code" ON "ParkServices" ("ParkId", "Code");

CREATE INDEX "IX_ServiceOrders_EnterpriseId" ON "ServiceOrders" ("EnterpriseId");

CREATE INDEX "IX_ServiceOrders_ParkId_State" ON "ServiceOrders" ("ParkId", "State");

CREATE INDEX "IX_ServiceOrders_ServiceId" ON "ServiceOrders" ("ServiceId");

CREATE INDEX "IX_ServicePrices_ParkId" ON "ServicePrices" ("ParkId");

CREATE UNIQUE INDEX "IX_ServicePrices_ServiceId_EffectiveFrom" ON "ServicePrices" ("ServiceId", "EffectiveFrom");
