namespace ParkOps.Web.Features.Users;

/// <summary>Contractor: an outside maintenance firm's user, scoped to a park, seeing only the tickets assigned to it.</summary>
public enum Role { PlatformAdmin, ParkOperator, EnterpriseUser, GovernmentViewer, ServicePartner, Contractor }

public sealed class User
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public required string DisplayName { get; set; }
    public string PasswordHash { get; set; } = "";
    public bool IsActive { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public List<RoleGrant> Grants { get; set; } = [];
}

/// <summary>
/// One role held by a user, with its scope (DOMAIN §1): an operator's park, an enterprise user's enterprise, a
/// government viewer's region. A person may hold several grants.
/// </summary>
public sealed class RoleGrant
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public Role Role { get; set; }
    public long? ParkId { get; set; }
    public long? EnterpriseId { get; set; }
    public long? RegionId { get; set; }
}
