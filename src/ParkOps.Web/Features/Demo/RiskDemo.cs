using ParkOps.Web.Features.Risk.Contracts;

namespace ParkOps.Web.Features.Demo;

/// <summary>
/// The risk alerts of the demo parks, raised last by the same run production uses (so the inbox shows the chain
/// leader's order drop with its ripple, the zombie, the missing report and the concentration cases of the reports
/// seeded before), then walked through the lifecycle so every state shows: the zombie acknowledged, the late filing of
/// the quarter before resolved, one low patent density dismissed with a reason.
/// </summary>
public sealed class RiskDemo(IRiskAlerts risk)
{
    public async Task SeedAsync(long park1, long park2, long zombieId, long lateFilerId, CancellationToken ct)
    {
        await risk.RunAsync(park1, "demo", ct);
        await risk.RunAsync(park2, "demo", ct);
        var alerts = await risk.AlertsAsync(park1, ct);
        var zombie = alerts.FirstOrDefault(a => a.Type == "zombie" && a.EnterpriseId == zombieId);
        if (zombie is not null) await risk.ActAsync(zombie.Id, "acknowledge", null, "operator", ct);
        var late = alerts.FirstOrDefault(a => a.Type == "missing-report" && a.EnterpriseId == lateFilerId
            && a.EvidenceJson.Contains("\"kind\":\"late\"", StringComparison.Ordinal));
        if (late is not null) await risk.ActAsync(late.Id, "resolve", null, "operator", ct);
        // park 1's firms all leave a large unnamed rest (one customer by the HHI rule), so its dismissible case is a
        // low patent density of a process workshop
        var density = alerts.FirstOrDefault(a => a.Type == "ecosystem" && a.EvidenceJson.Contains("\"kind\":\"patent-density\"", StringComparison.Ordinal));
        if (density is not null) await risk.ActAsync(density.Id, "dismiss", "企业以来料加工和工艺改进为主，专利数量不反映其技术水平，经走访核实经营正常。", "operator", ct);
    }
}
