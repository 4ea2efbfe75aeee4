namespace ParkOps.Domain.Matching;

/// <summary>
/// How another enterprise's credit shows in a match: a band, never its score. The score and its breakdown are the
/// enterprise's credit detail (DOMAIN §1, confidential to it and its park's operators); a partner only needs to know
/// whether the other side pays and delivers well.
/// </summary>
public enum CreditBand { Poor, Fair, Good }

public static class CreditBands
{
    /// <summary>Cut-offs on the 0–100 credit score: good from 80, fair from 60, poor below.</summary>
    public const int GoodFrom = 80, FairFrom = 60;

    public static CreditBand Of(int score) => score >= GoodFrom ? CreditBand.Good : score >= FairFrom ? CreditBand.Fair : CreditBand.Poor;
}
