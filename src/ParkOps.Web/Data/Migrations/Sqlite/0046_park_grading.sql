-- Park grading (issue 14 §4, DOMAIN §10): the catalogue of items (the nine Wenzhou 2020 dimensions, 100 points, and
-- the Hangzhou 2024 point rules), the grade thresholds (A ≥ 90, B ≥ 75, C ≥ 60, else D), the parks' self-assessments
-- with their answers, evidence files and steps.

CREATE TABLE "GradingItems" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_GradingItems" PRIMARY KEY AUTOINCREMENT,
    "Code" TEXT NOT NULL,
    "Dimension" TEXT NOT NULL,
    "Kind" TEXT NOT NULL,
    "Position" INTEGER NOT NULL,
    "TextZh" TEXT NOT NULL,
    "TextEn" TEXT NOT NULL,
    "MaxPoints" TEXT NOT NULL,
    "PointsPerCount" TEXT NOT NULL,
    "RuleCode" TEXT NULL,
    "Active" INTEGER NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL
);

CREATE TABLE "GradingScales" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_GradingScales" PRIMARY KEY AUTOINCREMENT,
    "MinA" TEXT NOT NULL,
    "MinB" TEXT NOT NULL,
    "MinC" TEXT NOT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL
);

CREATE TABLE "GradingAssessments" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_GradingAssessments" PRIMARY KEY AUTOINCREMENT,
    "ParkId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "State" TEXT NOT NULL,
    "SubmittedAt" TEXT NULL,
    "ReturnReason" TEXT NULL,
    "ApprovedGrade" TEXT NULL,
    "ApprovedTotal" TEXT NULL,
    "UpdatedAt" TEXT NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_GradingAssessments_Parks_ParkId" FOREIGN KEY ("ParkId") REFERENCES "Parks" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "GradingEntries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_GradingEntries" PRIMARY KEY AUTOINCREMENT,
    "AssessmentId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "Points" TEXT NULL,
    "Count" INTEGER NULL,
    "Note" TEXT NULL,
    "ReviewedPoints" TEXT NULL,
    "ReviewReason" TEXT NULL,
    CONSTRAINT "FK_GradingEntries_GradingAssessments_AssessmentId" FOREIGN KEY ("AssessmentId") REFERENCES "GradingAssessments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_GradingEntries_GradingItems_ItemId" FOREIGN KEY ("ItemId") REFERENCES "GradingItems" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "GradingEvidence" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_GradingEvidence" PRIMARY KEY AUTOINCREMENT,
    "AssessmentId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "ItemId" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "Data" BLOB NOT NULL,
    "UploadedAt" TEXT NOT NULL,
    "UploadedBy" TEXT NOT NULL,
    CONSTRAINT "FK_GradingEvidence_GradingAssessments_AssessmentId" FOREIGN KEY ("AssessmentId") REFERENCES "GradingAssessments" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_GradingEvidence_GradingItems_ItemId" FOREIGN KEY ("ItemId") REFERENCES "GradingItems" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "GradingSteps" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_GradingSteps" PRIMARY KEY AUTOINCREMENT,
    "AssessmentId" INTEGER NOT NULL,
    "ParkId" INTEGER NOT NULL,
    "Action" TEXT NOT NULL,
    "FromState" TEXT NOT NULL,
    "ToState" TEXT NOT NULL,
    "ItemId" INTEGER NULL,
    "FromPoints" TEXT NULL,
    "ToPoints" TEXT NULL,
    "By" TEXT NOT NULL,
    "At" TEXT NOT NULL,
    "Reason" TEXT NULL,
    CONSTRAINT "FK_GradingSteps_GradingAssessments_AssessmentId" FOREIGN KEY ("AssessmentId") REFERENCES "GradingAssessments" ("Id") ON DELETE CASCADE
);

CREATE UNIQUE INDEX "IX_GradingAssessments_ParkId_Year" ON "GradingAssessments" ("ParkId", "Year");

CREATE UNIQUE INDEX "IX_GradingEntries_AssessmentId_ItemId" ON "GradingEntries" ("AssessmentId", "ItemId");

CREATE INDEX "IX_GradingEntries_ItemId" ON "GradingEntries" ("ItemId");

CREATE INDEX "IX_GradingEvidence_AssessmentId_ItemId" ON "GradingEvidence" ("AssessmentId", "ItemId");

CREATE INDEX "IX_GradingEvidence_ItemId" ON "GradingEvidence" ("ItemId");

CREATE UNIQUE INDEX "IX_GradingItems_Code" ON "GradingItems" ("Code");

CREATE INDEX "IX_GradingSteps_AssessmentId" ON "GradingSteps" ("AssessmentId");

INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('M1', 'Mujun', 'Rule', 10, '规上企业亩均效益评价 A、B 类占比（按当年已发布的亩均评价自动计算）', 'Share of rated firms in 亩均 classes A and B (computed from the year''s published evaluation)', '10.0', '0.0', 'mujunShare', 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('M2', 'Mujun', 'SelfScored', 20, '园区亩均税收、亩均产值达到或超过所在县（市、区）平均水平', 'The park''s tax and output per mu reach the county average', '10.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('F1', 'IndustryFocus', 'SelfScored', 30, '主导产业明确，主导产业企业占比不低于 70%', 'A clear leading industry with at least 70 % of the firms in it', '8.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('F2', 'IndustryFocus', 'SelfScored', 40, '产业链上下游协作配套，有链主或龙头企业带动', 'Up- and downstream collaboration along the chain, led by a chain leader', '7.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('O1', 'Operations', 'SelfScored', 50, '有专业运营机构和专职管理人员，管理制度健全', 'A professional operator with full-time staff and sound rules', '6.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('O2', 'Operations', 'SelfScored', 60, '按时报送园区运行数据，档案台账完整', 'Operating data reported on time, complete records', '6.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('S1', 'Services', 'SelfScored', 70, '设有党群服务、职工之家、食堂、宿舍等公共服务场所', 'Shared facilities: party and staff centres, canteen, dormitories', '5.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('S2', 'Services', 'SelfScored', 80, '提供政策、融资、人才、检测等专业服务', 'Professional services: policy, finance, talent, testing', '5.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('C1', 'Cultivation', 'SelfScored', 90, '开展小升规、专精特新企业培育，建有培育库', 'Growing firms to above scale and specialised SMEs, with a pipeline', '6.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('C2', 'Cultivation', 'SelfScored', 100, '企业研发投入、专利和技术改造情况良好', 'Firms'' R&D spending, patents and technical upgrades', '6.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('D1', 'Digital', 'SelfScored', 110, '建成园区数字化管理平台，企业、空间、安全、能耗数据在线管理', 'A digital park platform managing firms, space, safety and energy online', '8.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('A1', 'Agglomeration', 'SelfScored', 120, '入驻率达到 85% 以上', 'Occupancy of at least 85 %', '4.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('A2', 'Agglomeration', 'SelfScored', 130, '土地、资金、人才等要素集约利用', 'Land, capital and talent used intensively', '4.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('P1', 'Safety', 'SelfScored', 140, '与入驻企业签订安全生产管理协议，定期检查并整改隐患', 'Safety management agreements with every tenant, regular inspections, hazards fixed', '5.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('P2', 'Safety', 'SelfScored', 150, '消防设施完好，定期开展应急演练', 'Fire equipment in order, regular emergency drills', '5.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('I1', 'Integrity', 'SelfScored', 160, '建立廉洁风险防控制度，招商、租金、补助公开透明', 'Integrity rules; recruitment, rents and subsidies open and transparent', '5.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('H1', 'Adjustment', 'Adjustment', 170, '当年新增规上企业（每家加 2 分）', 'New above-scale firm this year (+2 each)', '0.0', '2.0', 'newAboveScale', 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('H2', 'Adjustment', 'Adjustment', 180, '规上企业退规（每家扣 1 分）', 'Firm fallen below scale (−1 each)', '0.0', '-1.0', 'belowScale', 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('H3', 'Adjustment', 'Adjustment', 190, '未按时报送季度数据（每次扣 2 分）', 'Quarterly data not submitted on time (−2 each)', '0.0', '-2.0', 'missedReports', 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('H4', 'Adjustment', 'Veto', 200, '发生较大及以上安全生产事故（安全台账，直接评为 D 级）', 'Serious safety accident in the safety ledger (grade D)', '0.0', '0.0', 'safetyLedger', 1, '2026-01-01 00:00:00', 'migration');
INSERT INTO "GradingItems" ("Code", "Dimension", "Kind", "Position", "TextZh", "TextEn", "MaxPoints", "PointsPerCount", "RuleCode", "Active", "UpdatedAt", "UpdatedBy") VALUES ('H5', 'Adjustment', 'Veto', 210, '发生较大及以上安全生产事故（运营方申报并附佐证，直接评为 D 级）', 'Serious safety accident declared by the operator with evidence (grade D)', '0.0', '0.0', NULL, 1, '2026-01-01 00:00:00', 'migration');

INSERT INTO "GradingScales" ("MinA", "MinB", "MinC", "UpdatedAt", "UpdatedBy") VALUES ('90.0', '75.0', '60.0', '2026-01-01 00:00:00', 'migration');
