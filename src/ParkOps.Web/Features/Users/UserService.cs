using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using ParkOps.Domain.Rules;
using ParkOps.Web.Data;
using ParkOps.Web.Features.Enterprises;
using ParkOps.Web.Features.Parks;
using ParkOps.Web.Infrastructure;
using ParkOps.Web.Resources;

namespace ParkOps.Web.Features.Users;

[StoredIn(typeof(User))]
public sealed record UserInput([Code] string UserName, [Line] string DisplayName, [Line(128)] string Password, Role Role, long? ParkId, long? EnterpriseId, long? RegionId);

public sealed record GrantDto(Role Role, long? ParkId, long? EnterpriseId, long? RegionId, string? ScopeName);

public sealed record UserDto(long Id, string UserName, string DisplayName, bool IsActive, DateTime CreatedAt, IReadOnlyList<GrantDto> Grants);

public sealed class UserInputValidator : AbstractValidator<UserInput>
{
    public UserInputValidator(IStringLocalizer<Text> t)
    {
        RuleFor(x => x.UserName).NotEmpty().WithMessage(_ => t["Val.Required"]).Matches("^[A-Za-z0-9_.@-]{3,64}$").WithMessage(_ => t["Val.UserName"]);
        RuleFor(x => x.DisplayName).NotEmpty().WithMessage(_ => t["Val.Required"]).MaximumLength(100).WithMessage(_ => t["Val.MaxLength", 100]);
        RuleFor(x => x.Password).Must(PasswordIsStrong).WithMessage(_ => t["Val.Password"]);
        RuleFor(x => x.Role).IsInEnum().WithMessage(_ => t["Val.Enum"]);
        RuleFor(x => x.ParkId).NotNull().When(x => x.Role is Role.ParkOperator or Role.Contractor).WithMessage(_ => t["Val.Required"]);
        RuleFor(x => x.EnterpriseId).NotNull().When(x => x.Role == Role.EnterpriseUser).WithMessage(_ => t["Val.Required"]);
        RuleFor(x => x.RegionId).NotNull().When(x => x.Role == Role.GovernmentViewer).WithMessage(_ => t["Val.Required"]);
    }

    /// <summary>At least 10 characters with letters and digits.</summary>
    public static bool PasswordIsStrong(string? p) => p is { Length: >= 10 and <= 128 } && p.Any(char.IsLetter) && p.Any(char.IsDigit);
}

/// <summary>Accounts and their role grants. Platform admins manage everyone; park operators manage the enterprise users of their parks.</summary>
public sealed class UserService(ParkOpsDb db, IPasswordHasher<User> hasher, IValidator<UserInput> validator, TimeProvider clock, IStringLocalizer<Text> t,
    Parks.Contracts.IParkNames parkNames, Parks.Contracts.IParkRegions regions, Enterprises.Contracts.IEnterpriseDirectory directory)
{
    /// <summary>
    /// What the user form's scope picker offers (kind "park", "region" or "enterprise", id, name): a platform admin every
    /// park (by id) and region (by code); everyone the enterprises of the parks they operate (a platform admin all), by name.
    /// </summary>
    public async Task<IReadOnlyList<(string Kind, long Id, string Name)>> ScopeChoicesAsync(CancellationToken ct)
    {
        var actor = db.Actor;
        var choices = new List<(string Kind, long Id, string Name)>();
        if (actor.IsPlatformAdmin)
        {
            choices.AddRange(parkNames.VisibleParks().Select(p => ("park", p.Id, p.Name)));
            choices.AddRange((await regions.VisibleRegionsAsync(ct)).Select(r => ("region", r.Id, r.Name)));
        }
        var parks = actor.IsPlatformAdmin ? null : actor.OperatorParkIds;
        choices.AddRange((await directory.VisibleFirmsAsync(new(ParkIds: parks), ct)).Select(e => ("enterprise", e.Id, e.Name)));
        return choices;
    }

    public async Task<List<UserDto>> ListAsync(string? search, CancellationToken ct)
    {
        var actor = db.Actor;
        if (!actor.IsPlatformAdmin && actor.OperatorParkIds.Length == 0) throw new ForbiddenException("OnlyAdminsAndOperatorsManageAccounts");
        var q = db.Users.AsNoTracking().Include(u => u.Grants).AsQueryable();
        if (!actor.IsPlatformAdmin)
        {
            var parks = actor.OperatorParkIds;
            var ents = db.Enterprises.Where(e => parks.Contains(e.ParkId)).Select(e => e.Id);
            q = q.Where(u => u.Grants.Any(g => (g.ParkId != null && parks.Contains(g.ParkId.Value)) || (g.EnterpriseId != null && ents.Contains(g.EnterpriseId.Value))));
        }
        if (!string.IsNullOrWhiteSpace(search)) q = q.Where(u => u.UserName.Contains(search) || u.DisplayName.Contains(search));
        var users = await q.OrderBy(u => u.UserName).Take(1000).ToListAsync(ct);
        var parkNames = await db.Parks.IgnoreQueryFilters().ToDictionaryAsync(p => p.Id, p => p.Name, ct);
        var entIds = users.SelectMany(u => u.Grants).Where(g => g.EnterpriseId != null).Select(g => g.EnterpriseId!.Value).Distinct().ToArray();
        var entNames = await db.Enterprises.IgnoreQueryFilters().Where(e => entIds.Contains(e.Id)).ToDictionaryAsync(e => e.Id, e => e.Name, ct);
        var regionNames = await db.Regions.ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        return users.Select(u => new UserDto(u.Id, u.UserName, u.DisplayName, u.IsActive, u.CreatedAt,
            u.Grants.Select(g => new GrantDto(g.Role, g.ParkId, g.EnterpriseId, g.RegionId,
                g.ParkId is { } p ? parkNames.GetValueOrDefault(p) : g.EnterpriseId is { } e ? entNames.GetValueOrDefault(e) : g.RegionId is { } r ? regionNames.GetValueOrDefault(r) : null)).ToList())).ToList();
    }

    public async Task<User> CreateAsync(UserInput input, CancellationToken ct)
    {
        var actor = db.Actor;
        // who may create accounts at all is settled before the input is looked at
        if (!actor.IsPlatformAdmin && actor.OperatorParkIds.Length == 0) throw new ForbiddenException("OnlyAdminsAndOperatorsManageAccounts");
        await validator.EnsureValidAsync(input, ct);
        // operators create enterprise users of their own parks' enterprises; everything else is the platform admin's
        if (!actor.IsPlatformAdmin)
        {
            if (input.Role != Role.EnterpriseUser || input.EnterpriseId is null) throw new ForbiddenException("OnlyAdminsGrantThisRole");
            var ent = await db.Enterprises.FirstOrDefaultAsync(e => e.Id == input.EnterpriseId, ct) ?? throw new NotFoundException("Enterprise", input.EnterpriseId);
            if (!actor.CanOperatePark(ent.ParkId)) throw new ForbiddenException("OnlyOperatorsMayWrite");
        }
        await EnsureScopeExistsAsync(input, ct);
        if (await db.Users.AnyAsync(u => u.UserName == input.UserName, ct))
            throw new DomainRuleException("UserNameMustBeUnique", "userName", "用户名已存在", RuleKind.Conflict);
        var user = new User { UserName = input.UserName, DisplayName = input.DisplayName.Trim(), CreatedAt = clock.GetUtcNow().UtcDateTime };
        user.PasswordHash = hasher.HashPassword(user, input.Password);
        user.Grants.Add(new RoleGrant { Role = input.Role, ParkId = input.Role is Role.ParkOperator or Role.Contractor ? input.ParkId : null,
            EnterpriseId = input.Role == Role.EnterpriseUser ? input.EnterpriseId : null, RegionId = input.Role == Role.GovernmentViewer ? input.RegionId : null });
        db.Users.Add(user);
        await db.SaveChangesAsync(ct);
        return user;
    }

    private async Task EnsureScopeExistsAsync(UserInput input, CancellationToken ct)
    {
        var ok = input.Role switch
        {
            Role.ParkOperator or Role.Contractor => await db.Parks.IgnoreQueryFilters().AnyAsync(p => p.Id == input.ParkId, ct),
            Role.EnterpriseUser => await db.Enterprises.IgnoreQueryFilters().AnyAsync(e => e.Id == input.EnterpriseId, ct),
            Role.GovernmentViewer => await db.Regions.AnyAsync(r => r.Id == input.RegionId, ct),
            _ => true,
        };
        if (!ok)
        {
            var field = input.Role switch { Role.ParkOperator or Role.Contractor => "parkId", Role.EnterpriseUser => "enterpriseId", _ => "regionId" };
            throw new ValidationException([new ValidationFailure(field, t["Val.Unknown"])]);
        }
    }

    public async Task SetActiveAsync(long id, bool active, CancellationToken ct)
    {
        if (!db.Actor.IsPlatformAdmin) throw new ForbiddenException("OnlyPlatformAdminsManageAccounts");
        var u = await db.Users.FirstOrDefaultAsync(x => x.Id == id, ct) ?? throw new NotFoundException("User", id);
        u.IsActive = active;
        await db.SaveChangesAsync(ct);
    }
}

public static class UserEndpoints
{
    public static IServiceCollection AddUsers(this IServiceCollection services) =>
        services.AddScoped<UserService>().AddSingleton<IValidator<UserInput>, UserInputValidator>().AddScoped<Contracts.IEnterpriseMembers, EnterpriseMembers>()
            .AddScoped<Contracts.IParkOperators, ParkOperators>();

    public static void MapUsers(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/users").RequireAuthorization().WithTags("Users");
        api.MapGet("", async Task<Ok<List<UserDto>>> (string? search, UserService s, CancellationToken ct) => TypedResults.Ok(await s.ListAsync(search, ct)));
        api.MapPost("", async (UserInput input, UserService s, CancellationToken ct) =>
        {
            var u = await s.CreateAsync(input, ct);
            return TypedResults.Created($"/api/v1/users/{u.Id}", new { u.Id, u.UserName, u.DisplayName });
        }).ProducesValidationProblem();
        api.MapPost("/{id:long}/activate", async (long id, UserService s, CancellationToken ct) => { await s.SetActiveAsync(id, true, ct); return TypedResults.NoContent(); });
        api.MapPost("/{id:long}/deactivate", async (long id, UserService s, CancellationToken ct) => { await s.SetActiveAsync(id, false, ct); return TypedResults.NoContent(); });
    }
}
