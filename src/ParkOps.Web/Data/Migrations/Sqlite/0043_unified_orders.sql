-- Unified orders (统一接单, issue 14 §2): the operator's orders from outside customers and their parts per enterprise,
-- with answers, deliveries, the payment and the settlement's figures.

CREATE TABLE "UnifiedOrders" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UnifiedOrders" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "CustomerName" TEXT NOT NULL,
    "CustomerContact" TEXT NOT NULL,
    "Product" TEXT NOT NULL,
    "Quantity" TEXT NOT NULL,
    "Unit" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "FeePercent" TEXT NOT NULL,
    "DueOn" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Reason" TEXT NULL,
    "PaidAmount" TEXT NULL,
    "PaidOn" TEXT NULL,
    "PaidBy" TEXT NULL,
    "PlatformFee" TEXT NULL,
    "Explanation" TEXT NULL,
    "SettledAt" TEXT NULL,
    "SettledBy" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_UnifiedOrders_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "UnifiedOrderParts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UnifiedOrderParts" PRIMARY KEY AUTOINCREMENT,
    "OrderId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Work" TEXT NOT NULL,
    "Quantity" TEXT NOT NULL,
    "SharePercent" TEXT NOT NULL,
    "Amount" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "DeclineReason" TEXT NULL,
    "AnsweredBy" TEXT NULL,
    "AnsweredAt" TEXT NULL,
    "DeliveredQuantity" TEXT NULL,
    "AcceptedByCustomer" INTEGER NOT NULL,
    "DeliveryNote" TEXT NULL,
    "DeliveredAt" TEXT NULL,
    "FulfilledAmount" TEXT NULL,
    "FeeBorne" TEXT NULL,
    "Revenue" TEXT NULL,
    "Explanation" TEXT NULL,
    CONSTRAINT "FK_UnifiedOrderParts_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_UnifiedOrderParts_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_UnifiedOrderParts_UnifiedOrders_OrderId" FOREIGN KEY ("OrderId") REFERENCES "UnifiedOrders" ("Id") ON DELETE RESTRICT
);

CREATE INDEX "IX_UnifiedOrderParts_EnterpriseId_OrderId" ON "UnifiedOrderParts" ("EnterpriseId", "OrderId");

CREATE INDEX "IX_UnifiedOrderParts_OrderId" ON "UnifiedOrderParts" ("OrderId");

CREATE INDEX "IX_UnifiedOrderParts_ParkId" ON "UnifiedOrderParts" ("ParkId");

CREATE INDEX "IX_UnifiedOrders_ParkId_State" ON "UnifiedOrders" ("ParkId", "State");
