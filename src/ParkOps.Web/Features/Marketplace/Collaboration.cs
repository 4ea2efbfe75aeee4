using ParkOps.Domain.Marketplace;
using ParkOps.Web.Data;

namespace ParkOps.Web.Features.Marketplace;


/// <summary>
/// A collaboration that follows a match: the need's enterprise and the offer's enterprise, the agreement (amount,
/// quantity, dates), the delivery and each side's rating of the other (quality and punctuality, 1–5). It belongs to the
/// need's park (<see cref="ParkId"/>) and is seen by both enterprises and the operators of both parks.
/// </summary>
public sealed class Collaboration : IParkOwned, ITouchesParks
{
    public long Id { get; set; }
    public long ParkId { get; set; }
    public long OfferParkId { get; set; }

    /// <summary>A collaboration counts in both firms' parks (the region view's collaboration rate).</summary>
    IEnumerable<long> ITouchesParks.TouchedParkIds => [ParkId, OfferParkId];
    public long NeedPostId { get; set; }
    public long OfferPostId { get; set; }
    public long NeedEnterpriseId { get; set; }
    public long OfferEnterpriseId { get; set; }
    /// <summary>The enterprise that sent the inquiry; the other one agrees to it or declines it.</summary>
    public long InquirerEnterpriseId { get; set; }
    public CollaborationState State { get; set; }
    public string Message { get; set; } = "";
    public decimal? Amount { get; set; }
    public decimal? Quantity { get; set; }
    public string? Unit { get; set; }
    public DateOnly? StartsOn { get; set; }
    public DateOnly? DueOn { get; set; }
    public DateOnly? DeliveredOn { get; set; }
    /// <summary>The need side's rating of the offer side, and the offer side's rating of the need side (1–5).</summary>
    public int? NeedRatesQuality { get; set; }
    public int? NeedRatesPunctuality { get; set; }
    public int? OfferRatesQuality { get; set; }
    public int? OfferRatesPunctuality { get; set; }
    public string? DisputeReason { get; set; }
    public string? DeclineReason { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? AgreedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
}
