-- 0024 a quarterly report may state the posts the firm is recruiting for (在招岗位): Risk reads the talent gap from it.
ALTER TABLE "QuarterlyReports" ADD COLUMN "OpenPosts" integer NULL;
