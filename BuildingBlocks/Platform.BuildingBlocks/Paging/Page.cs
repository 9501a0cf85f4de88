namespace Platform.BuildingBlocks.Paging;

/// <summary>One page of a list and the total behind it.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int PageNumber, int PageSize, long Total)
{
    public const int MaxPageSize = 200;

    /// <summary>No list is paged this far; a larger page number is an error, not an overflow.</summary>
    public const int MaxPageNumber = 100_000;

    public static (int Skip, int Take) Window(int page, int size) =>
        ((Math.Clamp(page, 1, MaxPageNumber) - 1) * Math.Clamp(size, 1, MaxPageSize), Math.Clamp(size, 1, MaxPageSize));
}
