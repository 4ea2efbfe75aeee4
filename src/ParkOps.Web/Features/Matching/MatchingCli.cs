using System.CommandLine;
using System.Globalization;
using ParkOps.Domain.Matching;
using ParkOps.Domain.Rules;

namespace ParkOps.Web.Features.Matching;

/// <summary>
/// CLI: matching quality on a judged set, in memory (no database). <c>eval matching FILE</c> reads a
/// <c>parkops-marketplace-judged/1</c> file, indexes its posts, runs each query against all posts but itself and
/// prints one line per query (id, nDCG@10, the first answers with their judged grades) and, as the last line,
/// <c>nDCG@10 = 0.xxx</c>, the mean over the queries that have a judged answer. A file that cannot be read (bad JSON,
/// a query judging an unknown post, an unknown capability code …) prints one line naming the place on stderr and
/// exits with 2.
/// </summary>
public static class MatchingCli
{
    public static IEnumerable<Command> Commands()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Judged set (format parkops-marketplace-judged/1)" };
        var settings = new Option<FileInfo?>("--settings") { Description = "Matching settings JSON (weights, shares, answers); defaults otherwise" };
        var show = new Option<int>("--show") { Description = "Answers shown per query", DefaultValueFactory = _ => 5 };
        var matching = new Command("matching", "nDCG@10 of the matching engine on a judged set (no database needed).") { file, settings, show };
        matching.SetAction((pr, ct) => RunAsync(pr.GetValue(file)!, pr.GetValue(settings), pr.GetValue(show), Console.Out, Console.Error, ct));
        yield return new Command("eval", "Quality evaluations.") { matching };
    }

    /// <summary>The command's work, with its writers passed in so it can be run from a test.</summary>
    public static async Task<int> RunAsync(FileInfo file, FileInfo? settingsFile, int show, TextWriter stdout, TextWriter stderr, CancellationToken ct)
    {
        try
        {
            var settings = settingsFile is null ? MatchSettings.Default : MatchSettings.FromJson(await File.ReadAllTextAsync(settingsFile.FullName, ct));
            var set = JudgedSet.Parse(await File.ReadAllTextAsync(file.FullName, ct));
            var evaluation = JudgedSetEvaluation.Run(set, PostAnalyser.CreateDefault(settings));
            if (double.IsNaN(evaluation.Mean))
            {
                await stderr.WriteLineAsync($"eval matching: {file.Name}: no query has a judged answer (grade ≥ 1), so nDCG@10 is undefined");
                return 2;
            }
            var k = evaluation.K;
            foreach (var q in evaluation.Queries)
            {
                var score = q.Ndcg is { } n ? n.ToString("0.000", CultureInfo.InvariantCulture) : "n/a  ";
                var top = string.Join(" ", q.Ranked.Take(Math.Max(0, show)).Select(r => $"{r.Match.PostId}({r.Grade})"));
                await stdout.WriteLineAsync($"{q.QueryId,-10} nDCG@{k} {score}  relevant {q.Relevant,2}  top: {top}");
            }
            await stdout.WriteLineAsync($"nDCG@{k} = {evaluation.Mean.ToString("0.000", CultureInfo.InvariantCulture)}");
            return 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await stderr.WriteLineAsync($"eval matching: {e.Message}");
            return 2;
        }
        catch (JudgedSetException e)
        {
            await stderr.WriteLineAsync($"eval matching: {file.Name}: {e.Message}");
            return 2;
        }
        catch (DomainRuleException e)
        {
            await stderr.WriteLineAsync($"eval matching: {e.Field ?? "settings"}: {e.Message} [{e.Rule}]");
            return 2;
        }
    }
}
