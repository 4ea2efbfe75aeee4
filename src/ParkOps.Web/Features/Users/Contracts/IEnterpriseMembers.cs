namespace ParkOps.Web.Features.Users.Contracts;

/// <summary>An account that works for an enterprise (an enterprise-user grant).</summary>
public sealed record EnterpriseMember(long UserId, long EnterpriseId);

/// <summary>Who works for which enterprise (owner: Users; caller: Contribution's platform activity indicator).</summary>
public interface IEnterpriseMembers
{
    /// <summary>The enterprise-user grants of these enterprises, active accounts or not (past activity still counts).</summary>
    Task<IReadOnlyList<EnterpriseMember>> MembersAsync(IReadOnlyCollection<long> enterpriseIds, CancellationToken ct);
}
