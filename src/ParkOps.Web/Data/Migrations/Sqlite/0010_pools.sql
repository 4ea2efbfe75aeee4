-- 0010 joint procurement pools (联合采购): pools with volume tiers, one commitment per enterprise, the purchase order a closed pool becomes and its allocations (Sqlite)

CREATE TABLE "ProcurementPools" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ProcurementPools" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "OpenerEnterpriseId" INTEGER NULL,
    "Item" TEXT NOT NULL,
    "Spec" TEXT NOT NULL,
    "Unit" TEXT NOT NULL,
    "ListPrice" TEXT NOT NULL,
    "Tiers" TEXT NOT NULL,
    "Deadline" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "ClosedAt" TEXT NULL,
    CONSTRAINT "FK_ProcurementPools_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "PoolCommitments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PoolCommitments" PRIMARY KEY AUTOINCREMENT,
    "PoolId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Quantity" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_PoolCommitments_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_PoolCommitments_ProcurementPools_PoolId" FOREIGN KEY ("PoolId") REFERENCES "ProcurementPools" ("Id") ON DELETE CASCADE
);

CREATE TABLE "PurchaseOrders" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PurchaseOrders" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "PoolId" INTEGER NOT NULL,
    "Number" TEXT NOT NULL,
    "Supplier" TEXT NULL,
    "TotalQuantity" TEXT NOT NULL,
    "UnitPrice" TEXT NOT NULL,
    "TotalAmount" TEXT NOT NULL,
    "TotalSaving" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_PurchaseOrders_ProcurementPools_PoolId" FOREIGN KEY ("PoolId") REFERENCES "ProcurementPools" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "PurchaseAllocations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_PurchaseAllocations" PRIMARY KEY AUTOINCREMENT,
    "OrderId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Quantity" TEXT NOT NULL,
    "UnitPrice" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "Saving" TEXT NOT NULL,
    CONSTRAINT "FK_PurchaseAllocations_PurchaseOrders_OrderId" FOREIGN KEY ("OrderId") REFERENCES "PurchaseOrders" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_PoolCommitments_EnterpriseId" ON "PoolCommitments" ("EnterpriseId");

CREATE UNIQUE INDEX "IX_PoolCommitments_PoolId_EnterpriseId" ON "PoolCommitments" ("PoolId", "EnterpriseId");

CREATE INDEX "IX_ProcurementPools_ParkId_State" ON "ProcurementPools" ("ParkId", "State");

CREATE INDEX "IX_PurchaseAllocations_EnterpriseId" ON "PurchaseAllocations" ("EnterpriseId");

CREATE UNIQUE INDEX "IX_PurchaseAllocations_OrderId_EnterpriseId" ON "PurchaseAllocations" ("OrderId", "EnterpriseId");

CREATE UNIQUE INDEX "IX_PurchaseOrders_Number" ON "PurchaseOrders" ("Number");

CREATE UNIQUE INDEX "IX_PurchaseOrders_PoolId" ON "PurchaseOrders" ("PoolId");
