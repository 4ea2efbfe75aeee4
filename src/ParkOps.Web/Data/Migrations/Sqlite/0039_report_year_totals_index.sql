-- 0039 issue 12 (speed): the 亩均 run sums a park's year of reports per enterprise; this index hands them over in
-- that order, so the database groups them as it reads instead of sorting the year's reports first (Sqlite)

CREATE INDEX "IX_QuarterlyReports_ParkId_Year_EnterpriseId" ON "QuarterlyReports" ("ParkId", "Year", "EnterpriseId");
