-- 0023 an operator's contribution score carries its year and where it comes from (issue 15), until the contribution
-- area publishes yearly scores; rent lines name the score and its year.
ALTER TABLE "Enterprises" ADD COLUMN "ContributionScoreYear" INTEGER NULL;
ALTER TABLE "Enterprises" ADD COLUMN "ContributionScoreNote" TEXT NULL;
