using ParkOps.Domain.Pricing;

namespace ParkOps.Web.Features.Enterprises.Contracts;

/// <summary>
/// What another area may know of an enterprise without seeing its confidential detail: name, park, status and 亩均
/// class, and the archive facts rent pricing looks at. Read across the caller's scope: the callers (bill run, leasing,
/// metering, evaluation) decide who may see the figures they compute from it.
/// </summary>
public sealed record EnterpriseCard(long Id, long ParkId, string Name, EnterpriseStatus Status, string? MuClass, TenantProfile Pricing)
{
    public bool Admitted => Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional;
    /// <summary>The status's name (<c>Admitted</c>, <c>Applicant</c> …), as a refusal names it.</summary>
    public string StatusName => Status.ToString();
    /// <summary>In the park and working there (admitted, conditional, or on its way out): the firms that report and are evaluated.</summary>
    public bool InPark => Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional or EnterpriseStatus.Exiting;
    /// <summary>规上 (above designated size) — the 亩均 rules rate 规上 and 规下 firms on different indicators.</summary>
    public bool AboveScale { get; init; }
}

/// <summary>An enterprise of a park as the park's own rules see it (Risk): status, chain role and the chain stages it works in.</summary>
public sealed record ParkMember(long Id, string Name, EnterpriseStatus Status, bool IsChainLeader, IReadOnlyCollection<string> ChainStages, DateOnly? EstablishedOn)
{
    /// <summary>In the park now (admitted, conditional, or on its way out but not gone).</summary>
    public bool InPark => Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional or EnterpriseStatus.Exiting;
}

/// <summary>
/// An enterprise of a park with the archive facts the 亩均 rules look at (Evaluation): status, size class, industry and
/// the day it was established.
/// </summary>
public sealed record ParkFirm(long Id, EnterpriseStatus Status, bool AboveScale, string IndustryCode, DateOnly? EstablishedOn)
{
    /// <summary>Admitted or admitted on conditions (not an applicant, not on its way out).</summary>
    public bool Admitted => Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional;
    /// <summary>In the park now (admitted, conditional, or on its way out but not gone).</summary>
    public bool InPark => Status is EnterpriseStatus.Admitted or EnterpriseStatus.Conditional or EnterpriseStatus.Exiting;
}

/// <summary>
/// An enterprise's time in a park (Dashboard: occupancy of enterprises, survival, leading-industry share, chain coverage
/// per quarter): the day it was admitted (its first approving or conditional admission decision, Asia/Shanghai) and the
/// day it left (its exit completed), with its industry and chain stages. Never admitted: <see cref="AdmittedOn"/> null.
/// </summary>
public sealed record ParkTenure(long Id, string Name, string IndustryCode, IReadOnlyCollection<string> ChainStages, DateOnly? AdmittedOn, DateOnly? ExitedOn)
{
    /// <summary>In the park at the end of <paramref name="day"/>: admitted on or before it and not gone by it.</summary>
    public bool InParkOn(DateOnly day) => AdmittedOn is { } a && a <= day && (ExitedOn is not { } x || x > day);
}

/// <summary>An enterprise as anyone may know it: name, park and the chain stages it works in.</summary>
public sealed record StageFirm(long Id, string Name, long ParkId, IReadOnlyCollection<string> ChainStages);
/// <summary>A park's enterprise counts now: in the park (admitted, conditional, exiting) and of those 规上.</summary>
public sealed record ParkFirmCounts(long ParkId, int InPark, int AboveScale);

/// <summary>An enterprise as a form's picker lists it: name and status.</summary>
public sealed record FirmLabel(long Id, string Name, EnterpriseStatus Status);

/// <summary>
/// Which enterprises <see cref="IEnterpriseDirectory.VisibleFirmsAsync"/> lists: those of these parks (null: any park)
/// or with these ids (null: any), only the admitted and conditional ones when <see cref="AdmittedOnly"/>.
/// </summary>
public sealed record FirmPick(IReadOnlyCollection<long>? ParkIds = null, IReadOnlyCollection<long>? Ids = null, bool AdmittedOnly = false);

/// <summary>Enterprises' contract for the other areas (owner: Enterprises).</summary>
public interface IEnterpriseDirectory
{
    /// <summary>
    /// The enterprise counts of these parks, set-wise in one grouped query, whatever the caller's scope (caller:
    /// Dashboard's province export, counts only); a park without enterprises comes with zeros.
    /// </summary>
    Task<IReadOnlyDictionary<long, ParkFirmCounts>> ParkFirmCountsAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct);

    /// <summary>Cards of these enterprises (those that exist); repeated asks within one scope are answered from memory.</summary>
    Task<IReadOnlyDictionary<long, EnterpriseCard>> CardsAsync(IReadOnlyCollection<long> enterpriseIds, CancellationToken ct);

    /// <summary>Names of the enterprises the caller may see (the caller's scope applies: others are left out).</summary>
    Task<Dictionary<long, string>> NamesAsync(IEnumerable<long> enterpriseIds, CancellationToken ct);

    /// <summary>
    /// The enterprises the caller may see (the caller's scope applies: others are left out) that the pick names, by name
    /// (callers: the pages' enterprise pickers — booking, lease, post, user forms — and the home's own enterprises).
    /// </summary>
    Task<IReadOnlyList<FirmLabel>> VisibleFirmsAsync(FirmPick pick, CancellationToken ct);

    /// <summary>The park's industry as pricing sees it (leading-industry prefixes and chain stages).</summary>
    Task<ParkIndustry> ParkIndustryAsync(long parkId, CancellationToken ct);

    /// <summary>Every enterprise of the park, whatever the caller's scope (callers: Risk's runs, which decide who sees what they find), ordered by id.</summary>
    Task<IReadOnlyList<ParkMember>> ParkMembersAsync(long parkId, CancellationToken ct);

    /// <summary>
    /// Every enterprise of the park with its 亩均 archive facts, whatever the caller's scope (caller: Evaluation's 亩均
    /// run, which checks the park is the operator's), ordered by id: one read by park, where cards by id cost a park of
    /// 100,000 firms two id-list queries and every card's names, tags and scores.
    /// </summary>
    Task<IReadOnlyList<ParkFirm>> ParkFirmsAsync(long parkId, CancellationToken ct);

    /// <summary>
    /// Every enterprise of the park with the days it came and went, whatever the caller's scope (caller: Dashboard, which
    /// shows government viewers counts only and names firms to the park's operators), ordered by id.
    /// </summary>
    Task<IReadOnlyList<ParkTenure>> ParkTenuresAsync(long parkId, CancellationToken ct);

    /// <summary>
    /// <see cref="ParkTenuresAsync(long, CancellationToken)"/> for each of these parks, set-wise (three reads whatever the
    /// number of parks; caller: Dashboard's region view); a park without enterprises has an empty list.
    /// </summary>
    Task<IReadOnlyDictionary<long, IReadOnlyList<ParkTenure>>> ParkTenuresAsync(IReadOnlyCollection<long> parkIds, CancellationToken ct);

    /// <summary>
    /// The enterprises in these parks (admitted, conditional or exiting) working in any of these chain stages, with only
    /// their public fields (name, park, stages), whatever the caller's scope (caller: Chains, which lists the region's
    /// firms that could fill a park's gap), ordered by park then name.
    /// </summary>
    Task<IReadOnlyList<StageFirm>> StageFirmsAsync(IReadOnlyCollection<long> parkIds, IReadOnlyCollection<string> stages, CancellationToken ct);

    /// <summary>Every park's id, whatever the caller's scope (callers: nightly work that visits each park).</summary>
    Task<IReadOnlyList<long>> ParkIdsAsync(CancellationToken ct);
}

/// <summary>A 亩均 class and its provenance: a published evaluation's year and version, or an operator's year and source.</summary>
public sealed record MuClassEntry(string? Class, int? Year, int? Version, string? Source);

/// <summary>One enterprise's published contribution score, as Contribution's publishing hands it to <see cref="IEnterpriseGrading.SetContributionScoresAsync"/>.</summary>
public sealed record ContributionScoreEntry(long EnterpriseId, decimal Score);

/// <summary>Grades the Enterprises area keeps on an enterprise for others to set (owner: Enterprises; caller: Metering's 亩均 form, later Evaluation).</summary>
public interface IEnterpriseGrading
{
    /// <summary>
    /// Sets the 亩均 class (A, B, C, D, T, or null to clear) with the year it grades and where it comes from; only the
    /// park's operators; 404 outside the caller's scope. A published evaluation (<see cref="MuClassEntry.Version"/> set)
    /// never replaces a later year's class; an operator's entry (a source, no version) never replaces a class an
    /// evaluation published for the same or a later year (<c>MuClassPublishedByEvaluation</c>, 409).
    /// </summary>
    Task<string?> SetMuClassAsync(long enterpriseId, MuClassEntry entry, CancellationToken ct);

    /// <summary>
    /// <see cref="SetMuClassAsync"/> for a published evaluation's classes of many enterprises at once (caller: 亩均
    /// publishing): the same rules for each (404 for the first one outside the caller's scope, 403 for the first whose
    /// park the caller does not operate, a later year's class stays), all checked before anything changes, then one save
    /// in the caller's transaction (one audit row per enterprise changed).
    /// </summary>
    Task SetMuClassesAsync(IReadOnlyList<(long EnterpriseId, string? Class)> classes, int year, int version, CancellationToken ct);

    /// <summary>
    /// Sets the contribution score rent prices with (DOMAIN §6) from a published score version (caller: Contribution's
    /// publishing), with its year and a note naming the version; only the park's operators; joins the caller's unit of work.
    /// </summary>
    Task SetContributionScoreAsync(long enterpriseId, decimal score, int year, string note, CancellationToken ct);

    /// <summary>
    /// <see cref="SetContributionScoreAsync"/> for many enterprises at once (caller: Contribution's publishing of a park's
    /// year, 100,000 firms): the same rules for each, checked for all before anything is written (404 for the first one
    /// outside the caller's scope, 403 for the first whose park the caller does not operate, a later year's score stays,
    /// an unchanged score is not written), then set-wise in the caller's transaction with one audit row per park naming the
    /// enterprises changed (each firm's score is the caller's published row, kept immutable).
    /// </summary>
    Task SetContributionScoresAsync(IReadOnlyList<ContributionScoreEntry> scores, int year, string note, CancellationToken ct);
}
