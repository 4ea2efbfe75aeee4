namespace ParkOps.Web.Features.Users.Contracts;

/// <summary>Who operates a park (owner: Users; caller: Leasing's exit settlement, whose approval needs a second operator when the park has one).</summary>
public interface IParkOperators
{
    /// <summary>How many active accounts hold an operator grant for the park.</summary>
    Task<int> CountAsync(long parkId, CancellationToken ct);
}
