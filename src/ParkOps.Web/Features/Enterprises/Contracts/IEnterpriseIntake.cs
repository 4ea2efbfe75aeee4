namespace ParkOps.Web.Features.Enterprises.Contracts;

/// <summary>
/// The enterprises a file names, in its order (<see cref="Ids"/>: one id per name given) and how many of them were
/// added (<see cref="Created"/>).
/// </summary>
public sealed record FirmsTaken(IReadOnlyList<long> Ids, int Created);

/// <summary>
/// Enterprises another area's import brings into a park (owner: Enterprises; caller: Marketplace's judged-set import).
/// </summary>
public interface IEnterpriseIntake
{
    /// <summary>
    /// Finds each named enterprise among the park's (by exact name, whatever the caller's scope) or adds it as admitted
    /// with a generated, valid and in the park unique 统一社会信用代码 and <paramref name="description"/>; a name longer
    /// than the archive holds is cut. Only the park's operators (others 403 <c>OnlyOperatorsMayWrite</c>). Saved in the
    /// caller's transaction when it has one.
    /// </summary>
    Task<FirmsTaken> FindOrAdmitAsync(long parkId, IReadOnlyList<string> names, string description, DateTime now, CancellationToken ct);
}
