namespace ParkOps.Domain.Matching;

/// <summary>
/// Normalised discounted cumulative gain at k, the standard form for graded judgments (Järvelin and Kekäläinen
/// 2002; Burges et al. 2005): DCG@k = Σᵢ₌₁..ₖ (2^relᵢ − 1) / log₂(i + 1) over the ranked list, with exponential gains
/// (a grade-3 answer is worth 7, a grade-1 answer 1); nDCG@k = DCG@k ÷ IDCG@k, the ideal DCG of the judged grades
/// sorted best first. Unjudged results have grade 0 (gain 0).
/// </summary>
public static class Ndcg
{
    public static double Gain(int grade) => grade <= 0 ? 0 : Math.Pow(2, grade) - 1;

    public static double Discount(int rank) => 1 / Math.Log2(rank + 1);

    /// <summary>DCG@k of grades in ranked order (rank 1 first).</summary>
    public static double Dcg(IEnumerable<int> rankedGrades, int k = 10)
    {
        var dcg = 0.0;
        var rank = 0;
        foreach (var g in rankedGrades)
        {
            if (++rank > k) break;
            dcg += Gain(g) * Discount(rank);
        }
        return dcg;
    }

    /// <summary>nDCG@k, or null when the judged list holds no positive grade (the ideal DCG is 0: nothing to find).</summary>
    public static double? AtK(IEnumerable<int> rankedGrades, IEnumerable<int> judgedGrades, int k = 10)
    {
        var ideal = Dcg(judgedGrades.Where(g => g > 0).OrderByDescending(g => g), k);
        return ideal <= 0 ? null : Dcg(rankedGrades, k) / ideal;
    }
}
