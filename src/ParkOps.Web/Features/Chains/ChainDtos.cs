using ParkOps.Domain.Chains;
using ParkOps.Web.Infrastructure;

namespace ParkOps.Web.Features.Chains;

/// <summary>A firm on a stage of the chain map: id and name (public in the park).</summary>
public sealed record ChainFirmDto(long Id, string Name);

/// <summary>A stage of the park's chain with its kind, its firms in the park today and its status (gap: none, weak: one, covered: two or more).</summary>
public sealed record ChainStageDto(int Position, string Name, StageKind Kind, StageStatus Status, int FirmCount, IReadOnlyList<ChainFirmDto> Firms);

/// <summary>Delivered in-park collaborations from the firms of one stage to those of another: count, and the amount in 元 (null when the caller may not see deal amounts).</summary>
public sealed record StageFlowDto(string From, string To, int Count, decimal? Amount);

/// <summary>
/// The park's chain map: leading industry, stages with firms and status, completeness = covered ÷ all stages (the
/// dashboard's chain-completeness KPI, percent to one decimal; null without stages), and the collaboration flows
/// between stages delivered in [flowsFrom, flowsTo].
/// </summary>
public sealed record ChainMapDto(long ParkId, string ParkName, string? LeadingIndustry, IReadOnlyList<string> IndustryPrefixes, int Covered, int Total, decimal? Completeness,
    int Gaps, int WeakLinks, IReadOnlyList<ChainStageDto> Stages, IReadOnlyList<StageFlowDto> Flows, DateOnly FlowsFrom, DateOnly FlowsTo, bool AmountsShown, bool CanEdit);

/// <summary>A chain template with its stages in order.</summary>
public sealed record ChainTemplateDto(long Id, string Name, IReadOnlyList<string> IndustryPrefixes, string? Source, IReadOnlyList<ChainStage> Stages, DateTime UpdatedAt);

/// <summary>A stage as sent: its name (1–30 characters, no '|') and kind (Main | Service).</summary>
public sealed record ChainStageInput([Line(30)] string Name, StageKind Kind = StageKind.Main);

/// <summary>A template as sent: name (the leading industry), GB/T 4754 prefixes, source, stages in order.</summary>
[StoredIn(typeof(ChainTemplate))]
public sealed record ChainTemplateInput([Line] string Name, [Code(5), MaxItems(30)] string[]? IndustryPrefixes, [Line] string? Source, [MaxItems(20)] ChainStageInput[] Stages);

/// <summary>The park's chain as sent: its stages in order.</summary>
public sealed record ParkChainInput([MaxItems(20)] ChainStageInput[] Stages);

/// <summary>Which template a park takes its chain from.</summary>
public sealed record ApplyTemplateInput(long TemplateId);

/// <summary>A firm of another park of the region (and the regions below) working in a gap stage: public fields only.</summary>
public sealed record GapCandidateDto(long EnterpriseId, string Name, long ParkId, string ParkName);

/// <summary>A gap stage of the park's chain and the region's firms that work in it.</summary>
public sealed record GapCandidatesDto(string Stage, StageKind Kind, IReadOnlyList<GapCandidateDto> Firms);

/// <summary>A visit or talk with a lead.</summary>
public sealed record LeadVisitDto(long Id, DateOnly VisitedOn, string Note, string CreatedBy, DateTime CreatedAt);

/// <summary>A pre-let unit: id and code.</summary>
public sealed record LeadUnitDto(long Id, string Code, string Building);

/// <summary>An investment lead with its visits and the moves it may make next.</summary>
public sealed record InvestmentLeadDto(long Id, long ParkId, string Name, string? CreditCode, string Source, string TargetStage, string? ContactName, string? ContactPhone,
    LeadStatus Status, string? StatusReason, DateTime StatusAt, bool AnchorAgreement, DateOnly? AnchorAgreedOn, string? PolicyTerms, IReadOnlyList<LeadUnitDto> PreLetUnits,
    long? EnterpriseId, IReadOnlyList<LeadVisitDto> Visits, IReadOnlyList<LeadStatus> Next, DateTime CreatedAt, DateTime UpdatedAt);

/// <summary>
/// A lead as created or edited: name, credit code (optional, checked), source, the stage of the park's chain it would
/// fill, contact, the anchor agreement and its day, the 一企一策 terms, the park's units held for it.
/// </summary>
[StoredIn(typeof(InvestmentLead))]
public sealed record InvestmentLeadInput([Line] string Name, [Code] string? CreditCode, [Line] string Source, [Line] string TargetStage, [Line] string? ContactName,
    [Line] string? ContactPhone, bool AnchorAgreement = false, DateOnly? AnchorAgreedOn = null, [FreeText] string? PolicyTerms = null, [MaxItems(20)] long[]? PreLetUnitIds = null);

/// <summary>A move of a lead: the next status, a reason (required for 放弃 and for taking a dropped lead up again), the admitted enterprise for 入驻.</summary>
public sealed record LeadStatusInput(LeadStatus Status, [Line(300)] string? Reason = null, long? EnterpriseId = null);

/// <summary>A visit: the day and a note.</summary>
[StoredIn(typeof(LeadVisit))]
public sealed record LeadVisitInput(DateOnly VisitedOn, [FreeText] string Note);

/// <summary>How many of the park's leads stand at each status; open ones, anchor agreements signed, leads admitted.</summary>
public sealed record LeadSummaryDto(long ParkId, IReadOnlyDictionary<LeadStatus, int> ByStatus, int Open, int AnchorAgreements, int Admitted);
