using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Parks;

public enum RegionLevel { Province, City, County }

public sealed class Region
{
    public long Id { get; set; }
    public long? ParentId { get; set; }
    public required string Name { get; set; }
    /// <summary>GB/T 2260 administrative division code.</summary>
    public required string Code { get; set; }
    public RegionLevel Level { get; set; }
    /// <summary>
    /// Whether government viewers see the confidential detail of the enterprises in the parks of this region and the
    /// regions below it (contacts, headcount, credit file, deal amounts; DOMAIN §1). Off unless the platform admin turns
    /// it on: by default they see park aggregates and evaluation classes only.
    /// </summary>
    public bool GovernmentSeesEnterpriseDetail { get; set; }
}

public sealed class Park : Data.ITouchesParks
{
    public long Id { get; set; }

    /// <summary>A park's own row is its data too (land, chain, name: the region view's figures read them).</summary>
    IEnumerable<long> Data.ITouchesParks.TouchedParkIds => [Id];
    public long RegionId { get; set; }
    public required string Name { get; set; }
    public required string Code { get; set; }
    public string? Address { get; set; }
    public decimal LandMu { get; set; }
    /// <summary>Leading industry in words, e.g. 电子元器件.</summary>
    public string? LeadingIndustry { get; set; }
    /// <summary>GB/T 4754 code prefixes that count as the leading industry, separated by '|'.</summary>
    public string LeadingIndustryPrefixes { get; set; } = "";
    /// <summary>The chain template: stage names in order, separated by '|'.</summary>
    public string ChainStages { get; set; } = "";
    /// <summary>Those of <see cref="ChainStages"/> that are supporting services (配套服务), separated by '|'; the others are main stages (0045).</summary>
    public string ChainServices { get; set; } = "";
    /// <summary>Admission negative-list items in their stored form (<see cref="ParkOps.Domain.Enterprises.NegativeItem.Stored"/>:
    /// industry:C26, process:电镀, emission:重点管理, class-d:3, or a bare tag), separated by '|'.</summary>
    public string NegativeList { get; set; } = "";

    /// <summary>The negative list as rules (an item stored before kinds existed reads as a tag).</summary>
    public IReadOnlyList<ParkOps.Domain.Enterprises.NegativeItem> NegativeItems() =>
        [.. Split(NegativeList).Select(x => ParkOps.Domain.Enterprises.NegativeItem.Parse(x, "negativeList"))];
    /// <summary>A stage with this many enterprises or more is crowded (homogeneous-competition warning).</summary>
    public int CrowdedStageCount { get; set; } = 8;
    /// <summary>A stage with fewer firms than this share of <see cref="CrowdedStageCount"/> is thin: filling it gives priority (0036).</summary>
    public decimal ThinStageShare { get; set; } = ParkOps.Domain.Enterprises.AdmissionPolicy.DefaultThinShare;
    public DateTime CreatedAt { get; set; }
    /// <summary>The collection account bills print (收款单位, 开户行, 账号); all three set or none (0027).</summary>
    public string? PayeeName { get; set; }
    public string? PayeeBank { get; set; }
    /// <summary>Digits only (<see cref="ParkOps.Domain.Billing.PaymentReferences.NormaliseAccount"/>).</summary>
    public string? PayeeAccount { get; set; }
    /// <summary>What a payment's memo carries (付款附言), e.g. the bill's number.</summary>
    public ParkOps.Domain.Billing.PaymentReferenceRule PaymentReference { get; set; }

    public static IReadOnlyList<string> Split(string? s) =>
        (s ?? "").Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
