/**
 * Every GraphQL document the adapter sends, written against Shopify's Admin API 2026-01 and only
 * its root fields `shop`, `blogs`, `article(s)`, `page(s)`, `blogCreate`, `article{Create,Update,Delete}`
 * and `page{Create,Update,Delete}` (the subset the tests' stand-in validates against).
 *
 * `estimate` is the calculated cost as Shopify publishes the rules (object 1, connection 2 + page
 * size × item, mutation 10), used to reserve points before Shopify has answered once; after that
 * the client uses the `requestedQueryCost` Shopify reported.
 */
import type { Operation } from './client'

const ARTICLE = `fragment SyndicateArticle on Article {
  id handle title body summary tags isPublished publishedAt createdAt updatedAt
  author { name }
  image { altText src }
  blog { id handle }
}`

const PAGE = `fragment SyndicatePage on Page {
  id handle title body isPublished publishedAt createdAt updatedAt
}`

const USER_ERRORS = 'userErrors { code field message }'

/** Page size of listings. */
export const LIST_SIZE = 50
/**
 * Copies findExisting asks for: a handle is unique within a blog (articles) and a store (pages),
 * so one. Its cost is reserved before the answer, so a larger page would hold points back.
 */
export const LOOKUP_SIZE = 1

export const SHOP_AND_BLOG: Operation = {
  name: 'ShopAndBlog',
  estimate: 5,
  query: `query SyndicateShopAndBlog($blogQuery: String!) {
  shop { name myshopifyDomain primaryDomain { url } }
  blogs(first: 1, query: $blogQuery) { nodes { id handle title } }
}`,
}

export const BLOG_CREATE: Operation = {
  name: 'BlogCreate',
  estimate: 10,
  query: `mutation SyndicateBlogCreate($blog: BlogCreateInput!) {
  blogCreate(blog: $blog) { blog { id handle title } ${USER_ERRORS} }
}`,
}

export const ARTICLE_GET: Operation = {
  name: 'ArticleGet',
  estimate: 6,
  query: `query SyndicateArticleGet($id: ID!) {
  article(id: $id) { ...SyndicateArticle }
  shop { primaryDomain { url } }
}
${ARTICLE}`,
}

export const ARTICLES_BY_HANDLE: Operation = {
  name: 'ArticlesByHandle',
  estimate: 2 + LOOKUP_SIZE * 4,
  query: `query SyndicateArticlesByHandle($query: String!) {
  articles(first: ${LOOKUP_SIZE}, query: $query) { nodes { ...SyndicateArticle } }
}
${ARTICLE}`,
}

export const ARTICLES_CHANGED: Operation = {
  name: 'ArticlesChanged',
  estimate: 2 + LIST_SIZE * 4 + 2,
  query: `query SyndicateArticlesChanged($query: String, $after: String) {
  articles(first: ${LIST_SIZE}, after: $after, query: $query, sortKey: UPDATED_AT, reverse: true) {
    nodes { ...SyndicateArticle }
    pageInfo { hasNextPage endCursor }
  }
  shop { primaryDomain { url } }
}
${ARTICLE}`,
}

export const ARTICLE_CREATE: Operation = {
  name: 'ArticleCreate',
  estimate: 10,
  query: `mutation SyndicateArticleCreate($article: ArticleCreateInput!) {
  articleCreate(article: $article) { article { ...SyndicateArticle } ${USER_ERRORS} }
}
${ARTICLE}`,
}

export const ARTICLE_UPDATE: Operation = {
  name: 'ArticleUpdate',
  estimate: 10,
  query: `mutation SyndicateArticleUpdate($id: ID!, $article: ArticleUpdateInput!) {
  articleUpdate(id: $id, article: $article) { article { ...SyndicateArticle } ${USER_ERRORS} }
}
${ARTICLE}`,
}

export const ARTICLE_DELETE: Operation = {
  name: 'ArticleDelete',
  estimate: 10,
  query: `mutation SyndicateArticleDelete($id: ID!) {
  articleDelete(id: $id) { deletedArticleId ${USER_ERRORS} }
}`,
}

export const PAGE_GET: Operation = {
  name: 'PageGet',
  estimate: 3,
  query: `query SyndicatePageGet($id: ID!) {
  page(id: $id) { ...SyndicatePage }
  shop { primaryDomain { url } }
}
${PAGE}`,
}

export const PAGES_BY_HANDLE: Operation = {
  name: 'PagesByHandle',
  estimate: 2 + LOOKUP_SIZE,
  query: `query SyndicatePagesByHandle($query: String!) {
  pages(first: ${LOOKUP_SIZE}, query: $query) { nodes { ...SyndicatePage } }
}
${PAGE}`,
}

export const PAGES_CHANGED: Operation = {
  name: 'PagesChanged',
  estimate: 2 + LIST_SIZE + 2,
  query: `query SyndicatePagesChanged($query: String, $after: String) {
  pages(first: ${LIST_SIZE}, after: $after, query: $query, sortKey: UPDATED_AT, reverse: true) {
    nodes { ...SyndicatePage }
    pageInfo { hasNextPage endCursor }
  }
  shop { primaryDomain { url } }
}
${PAGE}`,
}

export const PAGE_CREATE: Operation = {
  name: 'PageCreate',
  estimate: 10,
  query: `mutation SyndicatePageCreate($page: PageCreateInput!) {
  pageCreate(page: $page) { page { ...SyndicatePage } ${USER_ERRORS} }
}
${PAGE}`,
}

export const PAGE_UPDATE: Operation = {
  name: 'PageUpdate',
  estimate: 10,
  query: `mutation SyndicatePageUpdate($id: ID!, $page: PageUpdateInput!) {
  pageUpdate(id: $id, page: $page) { page { ...SyndicatePage } ${USER_ERRORS} }
}
${PAGE}`,
}

export const PAGE_DELETE: Operation = {
  name: 'PageDelete',
  estimate: 10,
  query: `mutation SyndicatePageDelete($id: ID!) {
  pageDelete(id: $id) { deletedPageId ${USER_ERRORS} }
}`,
}

/** All of them, for the test that validates each against the schema. */
export const ALL_OPERATIONS: Operation[] = [
  SHOP_AND_BLOG,
  BLOG_CREATE,
  ARTICLE_GET,
  ARTICLES_BY_HANDLE,
  ARTICLES_CHANGED,
  ARTICLE_CREATE,
  ARTICLE_UPDATE,
  ARTICLE_DELETE,
  PAGE_GET,
  PAGES_BY_HANDLE,
  PAGES_CHANGED,
  PAGE_CREATE,
  PAGE_UPDATE,
  PAGE_DELETE,
]
