-- 0008 marketplace: posts, the capability taxonomy (loaded from shared/data/capabilities.json), collaborations, inbox (Sqlite)

CREATE TABLE "Capabilities" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Capabilities" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "NameZh" TEXT NOT NULL,
    "NameEn" TEXT NOT NULL,
    "Category" TEXT NOT NULL,
    "Unit" TEXT NOT NULL,
    "Related" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL
);

CREATE TABLE "Notifications" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Notifications" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "Arguments" TEXT NOT NULL,
    "Link" TEXT NULL,
    "CreatedAt" TEXT NOT NULL,
    "ReadAt" TEXT NULL
);

CREATE TABLE "Posts" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Posts" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "EnterpriseId" INTEGER NOT NULL,
    "RegionId" INTEGER NOT NULL,
    "Kind" TEXT NOT NULL,
    "State" TEXT NOT NULL,
    "Visibility" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Description" TEXT NOT NULL,
    "Capabilities" TEXT NOT NULL,
    "Quantity" TEXT NULL,
    "Unit" TEXT NULL,
    "WindowFrom" TEXT NULL,
    "WindowTo" TEXT NULL,
    "CertificationsHeld" TEXT NOT NULL,
    "CertificationsRequired" TEXT NOT NULL,
    "PriceMin" TEXT NULL,
    "PriceMax" TEXT NULL,
    "PriceUnit" TEXT NULL,
    "Location" TEXT NULL,
    "ExternalRef" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "PublishedAt" TEXT NULL,
    "ClosedAt" TEXT NULL,
    CONSTRAINT "FK_Posts_Enterprises_EnterpriseId" FOREIGN KEY ("EnterpriseId") REFERENCES "Enterprises" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "Collaborations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_Collaborations" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "OfferParkId" INTEGER NOT NULL,
    "NeedPostId" INTEGER NOT NULL,
    "OfferPostId" INTEGER NOT NULL,
    "NeedEnterpriseId" INTEGER NOT NULL,
    "OfferEnterpriseId" INTEGER NOT NULL,
    "InquirerEnterpriseId" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "Message" TEXT NOT NULL,
    "Amount" TEXT NULL,
    "Quantity" TEXT NULL,
    "Unit" TEXT NULL,
    "StartsOn" TEXT NULL,
    "DueOn" TEXT NULL,
    "DeliveredOn" TEXT NULL,
    "NeedRatesQuality" INTEGER NULL,
    "NeedRatesPunctuality" INTEGER NULL,
    "OfferRatesQuality" INTEGER NULL,
    "OfferRatesPunctuality" INTEGER NULL,
    "DisputeReason" TEXT NULL,
    "DeclineReason" TEXT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "AgreedAt" TEXT NULL,
    "ClosedAt" TEXT NULL,
    CONSTRAINT "FK_Collaborations_Posts_NeedPostId" FOREIGN KEY ("NeedPostId") REFERENCES "Posts" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_Collaborations_Posts_OfferPostId" FOREIGN KEY ("OfferPostId") REFERENCES "Posts" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_Capabilities_Code" ON "Capabilities" ("Code");

CREATE INDEX "IX_Notifications_EnterpriseId_ReadAt" ON "Notifications" ("EnterpriseId", "ReadAt");

CREATE INDEX "IX_Posts_EnterpriseId" ON "Posts" ("EnterpriseId");

CREATE UNIQUE INDEX "IX_Posts_ParkId_ExternalRef" ON "Posts" ("ParkId", "ExternalRef");

CREATE INDEX "IX_Posts_ParkId_State_Kind" ON "Posts" ("ParkId", "State", "Kind");

CREATE INDEX "IX_Posts_RegionId_Visibility_State" ON "Posts" ("RegionId", "Visibility", "State");

CREATE INDEX "IX_Collaborations_NeedEnterpriseId" ON "Collaborations" ("NeedEnterpriseId");

CREATE INDEX "IX_Collaborations_NeedPostId" ON "Collaborations" ("NeedPostId");

CREATE INDEX "IX_Collaborations_OfferEnterpriseId" ON "Collaborations" ("OfferEnterpriseId");

CREATE INDEX "IX_Collaborations_OfferPostId" ON "Collaborations" ("OfferPostId");

CREATE INDEX "IX_Collaborations_ParkId_State" ON "Collaborations" ("ParkId", "State");

-- the taxonomy as data: operators edit it from here on (related pairs kept symmetric)
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('pcb_fab', 'PCB制板', 'PCB fabrication', 'electronics', '平方米/日', '', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('smt', 'SMT贴片', 'SMT placement', 'electronics', '点/日', 'dip|conformal_coating', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('dip', '插件焊接', 'through-hole (DIP) soldering', 'electronics', '块/日', 'smt|pcba_test', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('pcba_test', 'PCBA功能测试', 'PCBA functional test', 'electronics', '块/日', 'dip|box_build', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('box_build', '成品组装', 'box build assembly', 'electronics', '台/日', 'pcba_test', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('wire_harness', '线束加工', 'wire harness', 'electronics', '条/日', '', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('coil_winding', '绕线加工', 'coil winding', 'electronics', '个/日', '', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('conformal_coating', '三防漆涂覆', 'conformal coating', 'electronics', '块/日', 'smt', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('cnc', 'CNC加工', 'CNC machining', 'metal', '件/日', 'sheet_metal|die_casting', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('stamping', '五金冲压', 'metal stamping', 'metal', '件/日', 'sheet_metal', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('die_casting', '压铸', 'die casting', 'metal', '件/日', 'cnc', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('sheet_metal', '钣金加工', 'sheet metal', 'metal', '件/日', 'cnc|stamping', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('welding', '焊接加工', 'welding', 'metal', '件/日', '', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('electroplating', '电镀', 'electroplating', 'surface', '件/日', 'anodizing|polishing', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('anodizing', '阳极氧化', 'anodizing', 'surface', '件/日', 'electroplating|powder_coating', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('powder_coating', '喷粉喷涂', 'powder coating', 'surface', '件/日', 'anodizing', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('polishing', '抛光打磨', 'polishing', 'surface', '件/日', 'electroplating', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('heat_treatment', '热处理', 'heat treatment', 'metal', '公斤/日', '', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('mold_making', '模具制造', 'mould making', 'tooling', '套/月', 'injection_molding', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('injection_molding', '注塑成型', 'injection moulding', 'plastics', '件/日', 'blow_molding|mold_making', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('blow_molding', '吹塑成型', 'blow moulding', 'plastics', '件/日', 'injection_molding', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('dyeing', '染色', 'dyeing', 'textile', '米/日', 'textile_printing', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('textile_printing', '印花', 'textile printing', 'textile', '米/日', 'dyeing', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('garment_sewing', '成衣缝制', 'garment sewing', 'textile', '件/日', '', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('shoe_sole', '鞋底生产', 'shoe soles', 'footwear', '双/日', 'shoe_assembly', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('shoe_upper', '鞋面加工', 'shoe uppers', 'footwear', '双/日', 'shoe_assembly', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('shoe_assembly', '成鞋组装', 'shoe assembly', 'footwear', '双/日', 'shoe_sole|shoe_upper', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('material_testing', '材料检测', 'material testing', 'testing', '样/日', 'reliability_testing', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('emc_testing', 'EMC测试', 'EMC testing', 'testing', '小时/日', 'reliability_testing', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('reliability_testing', '可靠性环境试验', 'reliability testing', 'testing', '小时/日', 'emc_testing|material_testing', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('packaging', '包装加工', 'packaging', 'services', '件/日', 'warehousing', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('warehousing', '仓储', 'warehousing', 'services', '平方米', 'logistics|packaging', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('logistics', '物流配送', 'logistics', 'services', '吨/日', 'warehousing', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('printing_3d', '3D打印', '3D printing', 'services', '小时/日', 'industrial_design', '2026-01-01 00:00:00');
INSERT INTO "Capabilities" ("Code", "NameZh", "NameEn", "Category", "Unit", "Related", "UpdatedAt") VALUES ('industrial_design', '工业设计', 'industrial design', 'services', '人天/月', 'printing_3d', '2026-01-01 00:00:00');
