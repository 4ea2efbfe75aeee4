-- Industry-chain map and 招商 (issue 14 §3): chain templates per leading industry with their stages (main stages and
-- supporting services), the six shipped templates from seed 000's cases, which of a park's stages are services, and
-- the park's investment leads with their visits.

ALTER TABLE "Parks" ADD COLUMN "ChainServices" TEXT NOT NULL DEFAULT '';

CREATE TABLE "ChainTemplates" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ChainTemplates" PRIMARY KEY AUTOINCREMENT,
    "Name" TEXT NOT NULL,
    "IndustryPrefixes" TEXT NOT NULL,
    "Source" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL
);

CREATE TABLE "ChainTemplateStages" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_ChainTemplateStages" PRIMARY KEY AUTOINCREMENT,
    "TemplateId" INTEGER NOT NULL,
    "Position" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    CONSTRAINT "FK_ChainTemplateStages_ChainTemplates_TemplateId" FOREIGN KEY ("TemplateId") REFERENCES "ChainTemplates" ("Id") ON DELETE CASCADE
);

CREATE TABLE "InvestmentLeads" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_InvestmentLeads" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Name" TEXT NOT NULL,
    "CreditCode" TEXT NULL,
    "Source" TEXT NOT NULL,
    "TargetStage" TEXT NOT NULL,
    "ContactName" TEXT NULL,
    "ContactPhone" TEXT NULL,
    "Status" TEXT NOT NULL,
    "StatusReason" TEXT NULL,
    "StatusAt" TEXT NOT NULL,
    "AnchorAgreement" INTEGER NOT NULL,
    "AnchorAgreedOn" TEXT NULL,
    "PolicyTerms" TEXT NULL,
    "PreLetUnitIds" TEXT NOT NULL,
    "EnterpriseId" INTEGER NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_InvestmentLeads_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "LeadVisits" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_LeadVisits" PRIMARY KEY AUTOINCREMENT,
    "LeadId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "VisitedOn" TEXT NOT NULL,
    "Note" TEXT NOT NULL,
    "CreatedBy" TEXT NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    CONSTRAINT "FK_LeadVisits_InvestmentLeads_LeadId" FOREIGN KEY ("LeadId") REFERENCES "InvestmentLeads" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_ChainTemplates_Name" ON "ChainTemplates" ("Name");

CREATE UNIQUE INDEX "IX_ChainTemplateStages_TemplateId_Position" ON "ChainTemplateStages" ("TemplateId", "Position");

CREATE INDEX "IX_InvestmentLeads_ParkId_Status" ON "InvestmentLeads" ("ParkId", "Status");

CREATE INDEX "IX_LeadVisits_LeadId" ON "LeadVisits" ("LeadId");

INSERT INTO "ChainTemplates" ("Id", "Name", "IndustryPrefixes", "Source", "UpdatedAt", "UpdatedBy") VALUES (1, '电子元器件', 'C38|C39|M745', '种子 000 案例 2（广东东莞电子元器件微型产业园）', '2026-12-01 00:00:00', 'system');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (1, 1, '原材料供应', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (1, 2, 'SMT贴片', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (1, 3, '插件焊接', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (1, 4, '成品组装', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (1, 5, '质量检测', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (1, 6, '物流仓储', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (1, 7, '设备租赁', 'Service');
INSERT INTO "ChainTemplates" ("Id", "Name", "IndustryPrefixes", "Source", "UpdatedAt", "UpdatedBy") VALUES (2, '五金', 'C33|C34', '种子 000 案例 7（浙江永康五金微型产业园）', '2026-12-01 00:00:00', 'system');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (2, 1, '钢材铝材供应', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (2, 2, '模具制造', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (2, 3, '冲压锻造', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (2, 4, '机械加工', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (2, 5, '表面处理', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (2, 6, '成品组装', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (2, 7, '质量检测', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (2, 8, '品牌推广与展会', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (2, 9, '线上接单平台', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (2, 10, '物流仓储', 'Service');
INSERT INTO "ChainTemplates" ("Id", "Name", "IndustryPrefixes", "Source", "UpdatedAt", "UpdatedBy") VALUES (3, '纺织印染', 'C17', '种子 000 案例 3（江苏南通纺织印染微型产业园）', '2026-12-01 00:00:00', 'system');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (3, 1, '坯布供应', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (3, 2, '退浆', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (3, 3, '煮练', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (3, 4, '漂白', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (3, 5, '染色', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (3, 6, '后整理', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (3, 7, '集中污水处理', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (3, 8, '集中供热', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (3, 9, '检测认证', 'Service');
INSERT INTO "ChainTemplates" ("Id", "Name", "IndustryPrefixes", "Source", "UpdatedAt", "UpdatedBy") VALUES (4, '鞋业', 'C195|C19', '种子 000 案例 5（福建晋江鞋服微型产业园）', '2026-12-01 00:00:00', 'system');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (4, 1, '鞋材供应', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (4, 2, '鞋样设计', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (4, 3, '鞋面制作', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (4, 4, '鞋底制造', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (4, 5, '成鞋组装', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (4, 6, '质检包装', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (4, 7, '3D打印打样', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (4, 8, '联合采购', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (4, 9, '物流仓储', 'Service');
INSERT INTO "ChainTemplates" ("Id", "Name", "IndustryPrefixes", "Source", "UpdatedAt", "UpdatedBy") VALUES (5, '新材料', 'C26|C29|C30|C32', '种子 000 案例 4（山东淄博新材料微型产业园）', '2026-12-01 00:00:00', 'system');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (5, 1, '原料合成', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (5, 2, '材料改性', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (5, 3, '成型加工', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (5, 4, '应用开发', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (5, 5, '检测分析', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (5, 6, '工艺优化', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (5, 7, '设备共享', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (5, 8, '供应链金融', 'Service');
INSERT INTO "ChainTemplates" ("Id", "Name", "IndustryPrefixes", "Source", "UpdatedAt", "UpdatedBy") VALUES (6, '生物医药', 'C27|M73', '种子 000 案例 6（上海张江生物医药微型产业园）', '2026-12-01 00:00:00', 'system');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (6, 1, '药物发现', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (6, 2, '临床前研究', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (6, 3, '工艺开发', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (6, 4, '临床试验', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (6, 5, '生产制造', 'Main');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (6, 6, '共享实验室', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (6, 7, '动物房', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (6, 8, '分析检测', 'Service');
INSERT INTO "ChainTemplateStages" ("TemplateId", "Position", "Name", "Kind") VALUES (6, 9, '专家咨询', 'Service');
