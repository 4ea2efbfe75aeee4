using Microsoft.EntityFrameworkCore;
using ParkOps.Domain.Grading;
using ParkOps.Web.Features.Grading;
using ParkOps.Web.Tests.Infrastructure;

namespace ParkOps.Web.Tests.Grading;

public static class GradingApi
{
    /// <summary>An evidence file of the park's approved 2001 assessment (made once): any change to it is refused after the access check.</summary>
    public static Task<long> EvidenceInParkAsync(ParkOpsFactory app, long parkId) => app.WithDbAsync(async db =>
    {
        var id = await db.Set<GradingEvidence>().IgnoreQueryFilters().Where(e => e.ParkId == parkId && db.Set<GradingAssessment>().Any(a => a.Id == e.AssessmentId && a.Year == 2001))
            .Select(e => (long?)e.Id).FirstOrDefaultAsync();
        if (id is { } existing) return existing;
        var now = DateTime.UtcNow;
        var item = await db.Set<GradingItem>().Where(i => i.Code == "F1").Select(i => i.Id).FirstAsync();
        var a = new GradingAssessment { ParkId = parkId, Year = 2001, State = GradingState.Draft, UpdatedAt = now, UpdatedBy = "test" };
        a.Entries.Add(new GradingEntry { ParkId = parkId, ItemId = item, Points = 5 });
        var e = new GradingEvidence { ParkId = parkId, ItemId = item, FileName = "证明.pdf", ContentType = "application/pdf", Data = GradingDemo.Pdf("证明"), UploadedAt = now, UploadedBy = "test" };
        e.Size = e.Data.Length;
        a.Evidence.Add(e);
        a.Apply(GradingAction.Submit, "test", now);
        a.Apply(GradingAction.Approve, "test", now);
        db.Add(a);
        await db.SaveChangesAsync();
        return e.Id;
    });

    /// <summary>The catalogue's item I1 (清廉建设).</summary>
    public static Task<long> ItemAsync(ParkOpsFactory app) => app.WithDbAsync(db => db.Set<GradingItem>().Where(i => i.Code == "I1").Select(i => i.Id).FirstAsync());
}
