namespace ParkOps.Web.Data;

/// <summary>An entity that belongs to one park: scoped by the park ids the caller may see.</summary>
public interface IParkOwned
{
    long ParkId { get; }
}

/// <summary>
/// A row derived from a park's data (figures kept for it, the marks of its changes): the park's for reading, but
/// writing it is no change of the park's data, so it marks nothing (<see cref="Platform.ParkChanges"/>).
/// </summary>
public interface IDerivedParkRow : IParkOwned;

/// <summary>
/// An entity whose change is a change of parks' data besides (or instead of) its own park: a park's own row, a
/// collaboration between firms of two parks. Its parks are marked changed with it (<see cref="Platform.ParkChanges"/>).
/// </summary>
public interface ITouchesParks
{
    IEnumerable<long> TouchedParkIds { get; }
}

/// <summary>An entity that belongs to one enterprise (and its park): confidential to that enterprise and its operators.</summary>
public interface IEnterpriseOwned : IParkOwned
{
    long EnterpriseId { get; }
}

/// <summary>
/// An entity addressed to an audience (a notice): seen only by that audience — the enterprise's users, the park's
/// operators, or the one user — and by nobody else, the platform admin included (its inbox is its own).
/// </summary>
public interface IAudienceAddressed : IParkOwned
{
    Features.Notifications.Contracts.NoticeAudience Audience { get; }
    long? EnterpriseId { get; }
    long? UserId { get; }
}

/// <summary>An entity that belongs to one user (a notice's read mark): seen by that user only.</summary>
public interface IUserOwned
{
    long UserId { get; }
}

/// <summary>
/// A device of one unit (a meter) whose data is the enterprise's that occupies the unit: read by the park's operators
/// and by the occupying enterprise of now, not by the park's other readers.
/// </summary>
public interface IUnitOccupantReadable : IParkOwned
{
    long UnitId { get; }
}
