namespace ParkOps.Web.Features.Metering;

public sealed record BillRunProgressDto(long ParkId, string? Month, string State, int Done, int Total, DateTime? StartedAt, DateTime? FinishedAt)
{
    public int Percent => Total == 0 ? (State == "Completed" ? 100 : 0) : (int)(100L * Done / Total);

    /// <summary>
    /// The progress the console's bill-run page polls, read from the park's latest bill-run job
    /// (<see cref="Platform.Jobs"/>), so a run started through any app process shows here; "Idle" when there is none.
    /// </summary>
    public static BillRunProgressDto Of(long parkId, string? month, Platform.JobDto? job) => job is null
        ? new BillRunProgressDto(parkId, month, "Idle", 0, 0, null, null)
        : new BillRunProgressDto(parkId, job.Key, job.State.ToString(), job.Done, job.Total, job.StartedAt, job.FinishedAt);
}
